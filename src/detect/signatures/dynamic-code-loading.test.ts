/**
 * mem_prot_alert and dynamic_code_loading (TRC-104) on the real kernel:
 * test/triggers/jit_trigger.c maps anonymous memory RW, writes `ret` code,
 * mprotects it RX and calls it (alert 4 and one finding); mapped RWX it is
 * alert 1 only; on a private mapping of a file (opened through a symlink)
 * the alert names the file. Benign twins: RW then read-only (never executable), a
 * library loaded with dlopen (ld.so maps its text RX from the file), and the
 * JIT-like mode from a program listed in params.jits: no finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { kernelDevT } from '../../policy/kernel-config.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { dynamicCodeLoading } from './dynamic-code-loading.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(dynamicCodeLoading);
const PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;

async function traceModes(modes: string[][], extra: string[] = []) {
  const bin = compileTrigger('jit_trigger');
  const runs: { mode: string; pid: number; kv: Record<string, string> }[] = [];
  const r = await traceDuring(['-e', 'dynamic_code_loading,mem_prot_alert', '-s', 'comm=jit_trigger', ...extra], async () => {
    for (const mode of modes) {
      const out = await run(bin, mode);
      assert.equal(out.code, 0, out.stdout);
      runs.push({ mode: mode[0], pid: out.pid, kv: keyValues(out.stdout) });
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const of = (pid: number, name: string) => r.events.filter((e) => e.hostProcessId === pid && e.eventName === name);
  return { r, runs, of };
}

const alertArgs = (alert: number, addr: number, prot: number, prev: number, file = { pathname: '', dev: 0, inode: 0, ctime: 0 as number | string }) => [
  { name: 'alert', type: 'u32', value: alert },
  { name: 'addr', type: 'void*', value: addr },
  { name: 'len', type: 'size_t', value: 4096 },
  { name: 'prot', type: 'int', value: prot },
  { name: 'prev_prot', type: 'int', value: prev },
  { name: 'pathname', type: 'const char*', value: file.pathname },
  { name: 'dev', type: 'dev_t', value: file.dev },
  { name: 'inode', type: 'unsigned long', value: file.inode },
  { name: 'ctime', type: 'unsigned long', value: file.ctime },
];

test('RW code made RX and run: mem_prot_alert 4 and one dynamic_code_loading finding; RWX: alert 1, no finding', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-jit-'));
  const real = path.join(dir, 'code.bin');
  symlinkSync(real, path.join(dir, 'code.link'));
  try {
    await jitWxAndFile(real, path.join(dir, 'code.link'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function jitWxAndFile(real: string, link: string) {
  const { r, runs, of } = await traceModes([['jit'], ['wx'], ['file', link]]);
  const [jit, wx, file] = runs;
  assert.deepEqual([jit.kv.result, wx.kv.result], ['42', '42'], 'the code ran');
  const jitAlerts = of(jit.pid, 'mem_prot_alert');
  assert.equal(jitAlerts.length, 1, JSON.stringify(r.events));
  const alert = jitAlerts[0];
  assert.equal(alert.syscall, 'mprotect');
  assert.deepEqual(alert.args, alertArgs(4, Number(jit.kv.addr), PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE));
  const findings = of(jit.pid, 'dynamic_code_loading');
  assert.equal(findings.length, 1, JSON.stringify(r.events));
  const f = findings[0];
  assert.deepEqual([f.eventId, f.processName, f.syscall, f.timestamp], [EVENT_ID, 'jit_trigger', 'mprotect', alert.timestamp]);
  assert.deepEqual(f.args, [{ name: 'detectedFrom', type: 'unknown', value: { id: 1120, name: 'mem_prot_alert', args: alert.args, returnValue: 0 } }]);
  assert.deepEqual(f.metadata, {
    Version: '1',
    Description: "Possible dynamic code loading was detected as the binary's memory is both writable and executable. Writing to an executable allocated memory region could be a technique used by adversaries to run code undetected and without dropping executables.",
    Tags: null,
    Properties: {
      Severity: 2, Category: 'defense-evasion', Technique: 'Software Packing', Kubernetes_Technique: '',
      id: 'attack-pattern--deb98323-e13f-4b0c-8d94-175379069062', external_id: 'T1027.002',
      signatureID: 'TRC-104', signatureName: 'Dynamic code loading detected',
    },
  });
  const wxAlerts = of(wx.pid, 'mem_prot_alert');
  assert.equal(wxAlerts.length, 1, JSON.stringify(r.events));
  assert.equal(wxAlerts[0].syscall, 'mmap');
  assert.deepEqual(wxAlerts[0].args, alertArgs(1, Number(wx.kv.addr), PROT_READ | PROT_WRITE | PROT_EXEC, 0));
  assert.deepEqual(of(wx.pid, 'dynamic_code_loading'), []);
  // a file mapping: the alert names the file the fd refers to (not the symlink), and the finding is made (not anonymous)
  const st = statSync(real, { bigint: true });
  const fileAlerts = of(file.pid, 'mem_prot_alert');
  assert.deepEqual(fileAlerts.map((e) => e.args), [alertArgs(4, Number(file.kv.addr), PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE, {
    pathname: real, dev: Number(kernelDevT(st.dev)), inode: Number(st.ino), ctime: String(st.ctimeNs),
  })]);
  assert.equal(of(file.pid, 'dynamic_code_loading').length, 1);
  // what the kernel sent for three short runs (exec, ld.so's and libc's mappings, the trigger's own)
  assert.ok(r.kernelRecords < 400, `${r.kernelRecords} records: ${r.stderr}`);
}

test('benign twins: RW then read-only, a dlopen\'d library, and a listed JIT make no finding', async () => {
  const { r, runs, of } = await traceModes([['ro'], ['dlopen'], ['jit']], ['--signature-param', 'dynamic_code_loading.jits=jit_trigger']);
  const [ro, dl, jit] = runs;
  assert.equal(dl.kv.result, '1', 'the library was loaded');
  for (const { pid } of [ro, dl]) assert.deepEqual(of(pid, 'mem_prot_alert'), [], JSON.stringify(r.events));
  // the JIT's alert is made; the signature leaves its anonymous memory alone
  assert.deepEqual(of(jit.pid, 'mem_prot_alert').map((e) => e.args[0].value), [4]);
  assert.deepEqual(r.events.filter((e) => e.eventName === 'dynamic_code_loading'), []);
});
