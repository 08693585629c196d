/**
 * deploy/systemd/sysray.service: what it runs and with which rights, judged
 * three ways: the directives themselves; `systemd-analyze verify`; and sysray
 * run here with exactly the unit's capability set, inside a mount namespace
 * made read-only the way ProtectSystem=strict and ProtectKernelTunables= make
 * it, showing each kept capability does what its comment says. Starting the
 * unit for real needs systemd as PID 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SYSRAY, parseJsonLines } from '../helpers/trace.js';
import { parseOutput } from '../../src/cli/parse-output.js';
import { parseUnitFile, value, values } from './unit-file.js';

const UNIT_PATH = path.join(ROOT, 'deploy', 'systemd', 'sysray.service');
const UNIT_TEXT = readFileSync(UNIT_PATH, 'utf8');
const unit = parseUnitFile(UNIT_TEXT);
const INSTALLED_SYSRAY = '/opt/sysray/bin/sysray';

/** SYSRAY_ARGS of the unit's Environment= line, split at whitespace as systemd splits $SYSRAY_ARGS. */
function defaultArgs(): string[] {
  const env = values(unit, 'Service', 'Environment').map((v) => v.replace(/^"(.*)"$/, '$1'));
  const line = env.find((v) => v.startsWith('SYSRAY_ARGS='));
  assert.ok(line, 'Environment="SYSRAY_ARGS=..." gives the default flags');
  return line.slice('SYSRAY_ARGS='.length).split(/\s+/).filter(Boolean);
}

/** The values following each `flag` in `args`. */
function flagValues(args: readonly string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag && i + 1 < args.length ? [args[i + 1]] : []));
}

function capabilities(): string[] {
  return value(unit, 'Service', 'CapabilityBoundingSet').split(/\s+/);
}

test('ExecStart runs the installed bin/sysray with $SYSRAY_ARGS from /etc/default/sysray', () => {
  assert.equal(value(unit, 'Service', 'ExecStart'), `${INSTALLED_SYSRAY} $SYSRAY_ARGS`);
  // "-": a missing file is not an error; it comes after Environment= so it overrides the default
  assert.deepEqual(values(unit, 'Service', 'EnvironmentFile'), ['-/etc/default/sysray']);
  const keys = unit.directives.map((d) => d.key);
  assert.ok(keys.indexOf('Environment') < keys.indexOf('EnvironmentFile'));
});

test('the default flags: a JSON file sysray may write, the health and metrics server, JSON logs', () => {
  const args = defaultArgs();
  const outputs = parseOutput(flagValues(args, '-o'));
  assert.deepEqual(outputs.targets, [{ format: 'json', path: '/var/log/sysray/events.jsonl' }]);
  // ProtectSystem=strict leaves only ReadWritePaths= writable: the file must be under it
  const writable = value(unit, 'Service', 'ReadWritePaths').split(/\s+/);
  assert.equal(value(unit, 'Service', 'ProtectSystem'), 'strict');
  for (const t of outputs.targets) assert.ok(writable.some((dir) => t.path!.startsWith(dir + '/')), `${t.path} under ${writable}`);
  assert.deepEqual(flagValues(args, '--server').sort(), ['healthz', 'metrics']);
  assert.deepEqual(flagValues(args, '--log-format'), ['json']);
});

test('reload sends SIGHUP to sysray; stop is SIGTERM with a bounded wait; restarts on failure', () => {
  assert.equal(value(unit, 'Service', 'ExecReload'), '/bin/kill -HUP $MAINPID');
  assert.equal(value(unit, 'Service', 'KillSignal'), 'SIGTERM');
  const timeout = Number(value(unit, 'Service', 'TimeoutStopSec'));
  // sysray gives its network outputs 5 s after SIGTERM; the unit must wait longer than that
  assert.ok(timeout > 5 && timeout <= 120, `TimeoutStopSec=${timeout}`);
  assert.equal(value(unit, 'Service', 'Restart'), 'on-failure');
  assert.deepEqual(values(unit, 'Install', 'WantedBy'), ['multi-user.target']);
});

test('capabilities: CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE and the /proc ones, each with a comment saying why', () => {
  const caps = capabilities();
  for (const c of ['CAP_BPF', 'CAP_PERFMON', 'CAP_SYS_RESOURCE', 'CAP_SYS_PTRACE', 'CAP_DAC_READ_SEARCH']) assert.ok(caps.includes(c), c);
  assert.deepEqual(value(unit, 'Service', 'AmbientCapabilities').split(/\s+/), caps);
  for (const c of caps) {
    const why = unit.comments.find((line) => line.startsWith(`${c}:`));
    assert.ok(why && why.length > c.length + 10, `a "# ${c}: why" comment`);
  }
  assert.equal(value(unit, 'Service', 'User'), 'root');
  assert.equal(value(unit, 'Service', 'LimitMEMLOCK'), 'infinity');
});

test('no hardening option that hides /proc or blocks bpf and perf_event_open', () => {
  const keys = new Set(unit.directives.map((d) => d.key));
  for (const k of ['ProtectProc', 'ProcSubset', 'SystemCallFilter', 'MemoryDenyWriteExecute', 'PrivateNetwork', 'PrivateUsers']) {
    assert.ok(!keys.has(k), `${k} is set`);
  }
  assert.equal(value(unit, 'Service', 'NoNewPrivileges'), 'yes');
  assert.equal(value(unit, 'Service', 'ProtectHome'), 'read-only');
  assert.equal(value(unit, 'Service', 'PrivateTmp'), 'yes');
  const families = value(unit, 'Service', 'RestrictAddressFamilies').split(/\s+/);
  for (const f of ['AF_UNIX', 'AF_INET', 'AF_INET6']) assert.ok(families.includes(f), f);
});

const ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));

test('systemd-analyze verify accepts the unit', { skip: !ANALYZE && 'systemd-analyze is not installed' }, () => {
  // verify checks that ExecStart's program exists: point it at this tree's bin/sysray, nothing else changed
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-unit-'));
  try {
    const file = path.join(dir, 'sysray.service');
    writeFileSync(file, UNIT_TEXT.replaceAll(INSTALLED_SYSRAY, SYSRAY));
    const r = spawnSync(ANALYZE!, ['verify', file], { encoding: 'utf8' });
    // it exits 0 even when it ignores a directive it cannot parse: any message is a failure
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const BUILT = existsSync(path.join(ROOT, 'build', 'sysray.node')) && existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'));
const canTrace = process.getuid?.() === 0 && BUILT && existsSync('/usr/bin/setpriv') && existsSync('/usr/bin/unshare');
const NOBODY = 65534;

interface CloseEvent {
  executable: string;
  fd: unknown;
}

/**
 * sysray with only `caps` (uid 0, so its permitted set is the bounding set, as
 * under the unit), in a private mount namespace where /, /sys, tracefs and
 * cgroupfs are read-only and /proc/kallsyms is hidden, as the unit's
 * ProtectSystem=strict and ProtectKernelTunables= leave them. A shell running
 * as nobody opens fd 7 before sysray starts and closes it after: its close
 * event shows whether sysray could read that process's /proc/PID/exe
 * (CAP_SYS_PTRACE) and /proc/PID/fd (CAP_DAC_READ_SEARCH).
 */
async function closeOfProcessStartedBefore(caps: readonly string[]): Promise<{ event: CloseEvent; expectedExe: string; stderr: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-caps-'));
  chmodSync(dir, 0o755); // nobody waits for dir/go
  const out = path.join(dir, 'events.json');
  const go = path.join(dir, 'go');
  const shell = spawn('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'sh', '-c', `exec 7</etc/hostname; while [ ! -e ${go} ]; do sleep 0.05; done; exec 7<&-`], { stdio: 'ignore' });
  try {
    const expectedExe = readlinkWhenStarted(shell.pid!);
    const bounding = '-all,' + caps.map((c) => '+' + c.replace(/^CAP_/, '').toLowerCase()).join(',');
    // the output directory stays writable (ReadWritePaths=), bound onto itself before / becomes read-only
    const script = [
      'set -e',
      `mount --bind ${dir} ${dir}`,
      'for m in / /sys /sys/kernel/tracing /sys/fs/cgroup; do mount -o remount,bind,ro "$m"; done',
      'mount --bind /dev/null /proc/kallsyms',
      'exec "$@"',
    ].join('\n');
    const tracer = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh',
      'setpriv', `--bounding-set=${bounding}`, SYSRAY, '-e', 'close', '-s', `uid=${NOBODY}`, '-o', `json:${out}`, '-o', 'option:parse-arguments-fds'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => tracer.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sysray not ready in 30 s: ${stderr}`)), 30_000);
      tracer.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('sysray: ready')) { clearTimeout(timer); resolve(); }
      });
      void exited.then(() => { clearTimeout(timer); reject(new Error(`sysray exited before ready: ${stderr}`)); });
    });
    writeFileSync(go, '');
    await new Promise((resolve) => (shell.exitCode !== null ? resolve(null) : shell.on('exit', resolve)));
    tracer.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    const events = parseJsonLines(readFileSync(out, 'utf8')).filter((e) => e.processId === shell.pid && e.eventName === 'close');
    // fd 7 as written without fd paths (a number) or with one ("7=/etc/hostname")
    const close7 = events.find((e) => String(e.args[0].value).split('=')[0] === '7');
    assert.ok(close7, `the shell's close(7) among ${events.length} close events of pid ${shell.pid}; ${stderr}`);
    return { event: { executable: close7.executable.path, fd: close7.args[0].value }, expectedExe, stderr };
  } finally {
    shell.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** /proc/PID/exe once the shell has exec'd (setpriv execs sh in the same pid). */
function readlinkWhenStarted(pid: number): string {
  for (let i = 0; i < 200; i++) {
    const exe = execFileSync('readlink', [`/proc/${pid}/exe`], { encoding: 'utf8' }).trim();
    if (!exe.endsWith('/setpriv')) return exe;
    execFileSync('sleep', ['0.01']);
  }
  throw new Error('the shell did not start');
}

const traceSkip = !canTrace && 'needs root, setpriv, unshare and a built tree (scripts/setup.sh)';

test("with only the unit's capabilities and read-only /sys, sysray attaches and reads other users' /proc", { skip: traceSkip, timeout: 90_000 }, async () => {
  const { event, expectedExe } = await closeOfProcessStartedBefore(capabilities());
  assert.equal(event.executable, expectedExe);
  assert.equal(event.fd, '7=/etc/hostname');
});

test('without CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH, that process has no executable and its fd no path', { skip: traceSkip, timeout: 90_000 }, async () => {
  const fewer = capabilities().filter((c) => c !== 'CAP_SYS_PTRACE' && c !== 'CAP_DAC_READ_SEARCH');
  const { event } = await closeOfProcessStartedBefore(fewer);
  assert.equal(event.executable, '');
  assert.equal(String(event.fd), '7');
});

const pid1 = (() => {
  try {
    return readFileSync('/proc/1/comm', 'utf8').trim();
  } catch {
    return '';
  }
})();

test('started, reloaded and stopped by systemd', { skip: pid1 !== 'systemd' && 'systemd is not PID 1 here', timeout: 120_000 }, () => {
  const name = `sysray-test-${process.pid}.service`;
  const file = path.join('/run/systemd/system', name);
  const logDir = mkdtempSync(path.join(tmpdir(), 'sysray-unit-log-'));
  // this tree's bin/sysray; events to a file under a writable directory; the rest of the unit as shipped
  writeFileSync(file, UNIT_TEXT.replaceAll(INSTALLED_SYSRAY, SYSRAY)
    .replace(/^Environment="SYSRAY_ARGS=.*"$/m, `Environment="SYSRAY_ARGS=-e execve -o json:${logDir}/events.jsonl"`)
    .replace(/^ReadWritePaths=.*$/m, `ReadWritePaths=/var/log/sysray ${logDir}`)
    .replace(/^EnvironmentFile=.*$/m, ''));
  const systemctl = (...args: string[]) => spawnSync('systemctl', args, { encoding: 'utf8' });
  try {
    systemctl('daemon-reload');
    assert.equal(systemctl('start', name).status, 0);
    const deadline = Date.now() + 30_000;
    while (!spawnSync('journalctl', ['-u', name, '--no-pager'], { encoding: 'utf8' }).stdout.includes('sysray: ready') && Date.now() < deadline) execFileSync('sleep', ['0.2']);
    assert.equal(systemctl('is-active', name).stdout.trim(), 'active');
    assert.equal(systemctl('reload', name).status, 0);
    assert.equal(systemctl('is-active', name).stdout.trim(), 'active');
    assert.equal(systemctl('stop', name).status, 0);
    assert.equal(systemctl('show', '-p', 'Result', '--value', name).stdout.trim(), 'success');
  } finally {
    systemctl('stop', name);
    rmSync(file, { force: true });
    systemctl('daemon-reload');
    rmSync(logDir, { recursive: true, force: true });
  }
});
