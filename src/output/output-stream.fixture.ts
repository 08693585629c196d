/**
 * Output written through OutputStream and read back byte for byte, for its
 * tests (here and in child processes with other limits or file systems) and
 * its benchmark. Not used by the tracer itself.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { OutputStream, type OutputStreamOptions } from './output-stream.js';

/**
 * An event line of about 700 bytes, JSON as the printer makes it; the
 * lengths vary and 2-, 3- and 4-byte UTF-8 characters move around, so
 * buffer and block boundaries fall anywhere, inside characters too.
 */
export function sampleLine(i: number): string {
  const r = (Math.imul(i + 1, 2654435761) >>> 0) % 997;
  const name = 'é€😀'.slice(0, 1 + (r % 4)) + 'x'.repeat(r % 61);
  return (
    `{"timestamp":${1795239743274129904n + BigInt(i) * 1117n},"processorId":${i % 2},` +
    `"processId":${4000 + (r % 50)},"threadId":${4000 + r},"parentProcessId":1,"hostProcessId":${4000 + (r % 50)},"hostThreadId":${4000 + r},` +
    `"hostParentProcessId":1,"userId":1000,"mountNamespace":4026531832,"pidNamespace":4026531836,"processName":"wörker-${r % 7}",` +
    `"executablePath":"/usr/bin/java","hostName":"web1","containerId":"","cgroupId":18446744073709551615,` +
    `"eventId":257,"eventName":"openat","matchedPolicies":[""],"argsNum":4,"returnValue":${r - 3},"syscall":"openat","stackAddresses":null,` +
    `"args":[{"name":"dirfd","type":"int","value":-100},{"name":"pathname","type":"const char*","value":"/srv/data/${name}/part-${r}.parquet"},` +
    `{"name":"flags","type":"int","value":"O_RDONLY|O_CLOEXEC"},{"name":"mode","type":"mode_t","value":${r * 3}}]}\n`
  );
}

/** Text over the stream's one-copy limit (~350k UTF-16 units), multi-byte throughout. */
export const LARGE_TEXT = `{"large":"${'ü€😀a'.repeat(80_000)}"}\n`;

export interface CheckedWriteOptions extends OutputStreamOptions {
  lines?: number;
  /** flush (and check the file) after every this many lines */
  flushEvery?: number;
  /** also read the file with O_DIRECT (dd iflag=direct): what is on disk, not only in the page cache */
  readDirect?: boolean;
}

export interface CheckedWrite {
  mode: OutputStream['mode'];
  bytes: number;
  flushes: number;
  /** 4096-byte boundaries of the file that fall inside a character */
  charsSplitAt4096: number;
}

/**
 * Waits until `file` is `bytes` long: flush() hands the rest to the writer
 * thread without waiting, and the last write to land is the one that ends
 * there (the writer writes in order, so nothing before it is missing).
 */
export function waitForSize(file: string, bytes: number, timeoutMs = 5000): void {
  const deadline = Date.now() + timeoutMs;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (statSync(file).size < bytes && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 1);
}

/**
 * Writes sample lines (and LARGE_TEXT once) to `file`, flushing now and then;
 * soon after each flush, and right after close, the file must hold exactly
 * what was written so far. Throws an AssertionError saying where it differs.
 */
export function writeChecked(file: string, options: CheckedWriteOptions = {}): CheckedWrite {
  const { lines = 9000, flushEvery = 1237, readDirect = false } = options;
  const out = new OutputStream(file, options);
  const parts: Buffer[] = [];
  let flushes = 0;
  const check = (when: string): Buffer => {
    const expected = Buffer.concat(parts);
    waitForSize(file, expected.length);
    const copies: [string, Buffer][] = [['read', readFileSync(file)]];
    if (readDirect) {
      copies.push(['O_DIRECT read', execFileSync('dd', [`if=${file}`, 'iflag=direct', 'bs=1M', 'status=none'], { maxBuffer: 256 << 20 })]);
    }
    for (const [how, actual] of copies) {
      assert.equal(actual.length, expected.length, `${when}: size of the file (${how})`);
      assert.equal(actual.indexOf(0), -1, `${when}: a NUL byte in the file (${how})`);
      if (!actual.equals(expected)) {
        let at = 0;
        while (actual[at] === expected[at]) at++;
        assert.fail(`${when}: the file (${how}) differs from what was written at byte ${at} of ${expected.length}`);
      }
    }
    return expected;
  };
  for (let i = 0; i < lines; i++) {
    const text = i === 3001 ? LARGE_TEXT : sampleLine(i);
    out.write(text);
    parts.push(Buffer.from(text));
    if ((i + 1) % flushEvery === 0) {
      out.flush();
      check(`after flush ${++flushes} (line ${i})`);
      if (flushes === 2) {
        out.flush(); // nothing new: still exact
        check('after a second flush');
      }
    }
  }
  out.close();
  const all = check('after close');
  let charsSplitAt4096 = 0;
  for (let at = 4096; at < all.length; at += 4096) if ((all[at] & 0xc0) === 0x80) charsSplitAt4096++;
  return { mode: out.mode, bytes: all.length, flushes, charsSplitAt4096 };
}
