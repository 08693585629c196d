/**
 * OutputStream writes exactly what it is given, whichever way it writes:
 * the addon's writer thread with O_DIRECT (ext4, tmpfs), the writer thread
 * through the page cache (ramfs refuses O_DIRECT), or writeSync. Each file
 * is read back after every flush and after close; write errors are one line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadOutputFileNative } from './output-file-native.js';
import { OutputStream } from './output-stream.js';
import { sampleLine, waitForSize, writeChecked } from './output-stream.fixture.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const noAddon = loadOutputFileNative() ? false : 'the addon is not built (make)';

function tempFile(dir: string): { file: string; done: () => void } {
  const d = mkdtempSync(path.join(dir, 'sysray-output-'));
  return { file: path.join(d, 'out'), done: () => rmSync(d, { recursive: true, force: true }) };
}

/** Runs `code` (an ES module, with OutputStream and the fixture imported) in a child node, inside `wrap` (argv prefix). */
function child(code: string, env: Record<string, string>, wrap: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const imports =
    `import { OutputStream } from ${JSON.stringify(pathToFileURL(path.join(HERE, 'output-stream.ts')).href)};\n` +
    `import { sampleLine, writeChecked } from ${JSON.stringify(pathToFileURL(path.join(HERE, 'output-stream.fixture.ts')).href)};\n`;
  const argv = [...wrap, process.execPath, '--import', 'tsx', '--input-type=module', '-e', imports + code];
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('ext4 (/var/tmp): written with O_DIRECT by the writer thread; exact after every flush and after close, on disk too', { skip: noAddon }, () => {
  const { file, done } = tempFile('/var/tmp');
  try {
    const r = writeChecked(file, { readDirect: true });
    assert.equal(r.mode, 'direct');
    assert.ok(r.flushes >= 5 && r.bytes > 5 << 20, 'several flushes, more than the writer\'s 4 buffers');
    assert.ok(r.charsSplitAt4096 > 0, 'some direct writes end inside a character');
  } finally {
    done();
  }
});

test('a flushed tail, rewritten by the next direct write, reads back as written (page cache and disk)', { skip: noAddon }, () => {
  const { file, done } = tempFile('/var/tmp');
  try {
    const out = new OutputStream(file);
    assert.equal(out.mode, 'direct');
    let written = '';
    const step = (text: string, flush: boolean): void => {
      out.write(text);
      written += text;
      if (!flush) return;
      out.flush();
      const expected = Buffer.from(written);
      waitForSize(file, expected.length);
      assert.ok(readFileSync(file).equals(expected), `read after flush at ${expected.length} bytes`);
      const disk = spawnSync('dd', [`if=${file}`, 'iflag=direct', 'bs=1M', 'status=none']).stdout;
      assert.ok(disk.equals(expected), `O_DIRECT read after flush at ${expected.length} bytes`);
    };
    step('a€'.repeat(1250), true); // 5000 bytes: block 0 direct, 904 bytes through the page cache
    step('b'.repeat(10), true); // the tail grows, still cached
    step('c😀'.repeat(800), true); // block 1 now goes direct over the cached tail
    step('d'.repeat(5000), false);
    out.close();
    assert.equal(readFileSync(file, 'utf8'), written);
  } finally {
    done();
  }
});

test('writeSync (writer: js): the same contract', () => {
  const { file, done } = tempFile('/var/tmp');
  try {
    const r = writeChecked(file, { writer: 'js' });
    assert.equal(r.mode, 'js');
  } finally {
    done();
  }
});

test('tmpfs (/dev/shm): exact after every flush and after close', { skip: noAddon }, () => {
  const { file, done } = tempFile('/dev/shm');
  try {
    const r = writeChecked(file, { lines: 7000 });
    assert.notEqual(r.mode, 'js'); // tmpfs takes O_DIRECT since Linux 6.6, not before
  } finally {
    done();
  }
});

const canMount = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

test('ramfs refuses O_DIRECT: the writer thread goes through the page cache, exactly', { skip: noAddon || (!canMount && 'needs root and unshare -m') }, () => {
  const dir = mkdtempSync('/var/tmp/sysray-ramfs-');
  try {
    // in a mount namespace of its own: the mount goes with the child
    const r = child(
      `const r = writeChecked(process.env.OUT_DIR + '/out', { lines: 7000 });\nconsole.log(JSON.stringify(r));`,
      { OUT_DIR: dir },
      ['unshare', '-m', 'sh', '-c', 'mount -t ramfs ramfs "$OUT_DIR" && exec "$@"', 'sh'],
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).mode, 'thread');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Writes `lines` sample lines (10000: ~7 MB) under a 512 KiB file size limit (RLIMIT_FSIZE, SIGXFSZ ignored by node): EFBIG. */
function writePastFileSizeLimit(writer: 'auto' | 'js', lines = 10000): { mode: string; errors: { message: string; code: string; at: string }[]; file: string } {
  const { file, done } = tempFile('/var/tmp');
  try {
    const r = child(
      `const out = new OutputStream(process.env.OUT_FILE, { writer: process.env.WRITER });
       const errors = [];
       let at = 'write';
       try { for (let i = 0; i < Number(process.env.LINES); i++) out.write(sampleLine(i)); at = 'flush'; out.flush(); } catch (e) { errors.push({ message: e.message, code: e.code, at }); }
       try { out.close(); } catch (e) { errors.push({ message: e.message, code: e.code, at: 'close' }); }
       console.log(JSON.stringify({ mode: out.mode, errors }));`,
      { OUT_FILE: file, WRITER: writer, LINES: String(lines) },
      ['sh', '-c', 'ulimit -f 1024 && exec "$@"', 'sh'],
    );
    assert.equal(r.status, 0, r.stderr);
    return { ...JSON.parse(r.stdout), file };
  } finally {
    done();
  }
}

test('a write error in the writer thread is thrown at the next hand-over as one line naming the file, and again at close', { skip: noAddon }, () => {
  const { mode, errors, file } = writePastFileSizeLimit('auto');
  assert.equal(mode, 'direct');
  // the thread failed long before the end: a later hand-over (in write) says so
  assert.deepEqual(errors.map((e) => e.at), ['write', 'close']);
  for (const e of errors) {
    assert.equal(e.message, `cannot write output file "${file}": File too large (EFBIG)`);
    assert.equal(e.code, 'EFBIG');
  }
});

test('a write error in the last writes (those close queues) is thrown by close', { skip: noAddon }, () => {
  const { errors, file } = writePastFileSizeLimit('auto', 1000);
  assert.deepEqual(errors, [{ message: `cannot write output file "${file}": File too large (EFBIG)`, code: 'EFBIG', at: 'close' }]);
});

test('a write error through writeSync is one line naming the file', () => {
  const { mode, errors, file } = writePastFileSizeLimit('js');
  assert.equal(mode, 'js');
  assert.ok(errors.length >= 1);
  assert.equal(errors[0].message, `cannot write output file "${file}": EFBIG: file too large, write`);
  assert.equal(errors[0].code, 'EFBIG');
});

test('/dev/full (not a regular file: writeSync): ENOSPC, one line naming it', () => {
  const out = new OutputStream('/dev/full');
  assert.equal(out.mode, 'js');
  out.write('x\n');
  assert.throws(() => out.close(), { message: 'cannot write output file "/dev/full": ENOSPC: no space left on device, write', code: 'ENOSPC' });
});

test('stdout whose reader goes away (EPIPE): further output is dropped, no error', () => {
  const r = child(
    `const out = new OutputStream('-');
     let i = 0;
     while (i < 100000 && !out.closedByReader) out.write(sampleLine(i++));
     out.close();
     process.stderr.write(JSON.stringify({ closedByReader: out.closedByReader, lines: i }));`,
    {},
    ['sh', '-c', '"$@" | head -c 1000 > /dev/null', 'sh'],
  );
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stderr);
  assert.equal(result.closedByReader, true);
  assert.ok(result.lines < 100000);
});

test('sample lines are about 700 bytes', () => {
  let bytes = 0;
  for (let i = 0; i < 1000; i++) bytes += Buffer.byteLength(sampleLine(i));
  assert.ok(bytes / 1000 > 600 && bytes / 1000 < 900, `${bytes / 1000} bytes`);
});
