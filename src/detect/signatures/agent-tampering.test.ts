/**
 * agent_tampering (SYSRAY-2) on the real kernel, aimed at the sysray that
 * runs the test (test/triggers/agent_tamper.c given its pid): SIGSTOP then
 * SIGCONT through a pidfd, SIGCONT to one of its threads with tgkill and to
 * its process group with kill(0), process_vm_readv of its memory, an open of
 * /proc/PID/mem read-only, pidfd_getfd of its fd 0 and PTRACE_SEIZE; then the
 * harness's own SIGTERM from sysray's parent (severity 0). A fake agent (a
 * copy of sleep named falco) signalled by the trigger, and by its parent,
 * and the agents parameter. Benign twins: signal 0 to sysray, and signals
 * between ordinary processes: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, parseJsonLines, run, traceDuring, type JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { agentTampering } from './agent-tampering.js';

const SIGTERM = 15, SIGCONT = 18, SIGSTOP = 19;
const bin = (): string => compileTrigger('agent_tamper');

async function tamper(...args: (string | number)[]): Promise<{ pid: number; kv: Record<string, string> }> {
  const out = await run(bin(), args.map(String));
  assert.equal(out.code, 0, `agent_tamper ${args.join(' ')}: ${out.stdout}`);
  return { pid: out.pid, kv: keyValues(out.stdout) };
}

/** A finding's data, by field, with detectedFrom's call name and the severity. */
function summary(f: JsonEvent): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const a of f.args as { name: string; value: unknown }[]) if (a.name !== 'detectedFrom') data[a.name] = a.value;
  return { ...data, from: f.args.at(-1).value.name, severity: f.metadata.Properties.Severity };
}

/** The comm of a process (its name after exec), when it is running. */
function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

async function started(child: ChildProcess, name: string): Promise<number> {
  for (let i = 0; i < 200 && comm(child.pid!) !== name; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(comm(child.pid!), name);
  return child.pid!;
}

/** Waits until sysray has written a finding from process `pid`. */
async function untilFinding(file: string, pid: number): Promise<void> {
  const seen = () => parseJsonLines(readFileSync(file, 'utf8')).some((e) => e.eventName === 'agent_tampering' && e.hostProcessId === pid);
  for (let i = 0; i < 500 && !seen(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(seen(), `a finding from ${pid}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

test('signals, memory, fds and ptrace aimed at the running sysray: one finding each, the harness\'s SIGTERM at severity 0', async () => {
  let sysray = 0, thread = 0;
  const pids: Record<string, number> = {};
  // the test process is sysray's parent: in scope, so that its SIGTERM is seen
  const r = await traceDuring(['-e', 'agent_tampering', '-s', `tree=${process.pid}`], async (tracer) => {
    sysray = tracer.process.pid!;
    thread = Number(readdirSync(`/proc/${sysray}/task`).find((t) => Number(t) !== sysray));
    const probe = await tamper('kill', sysray, 0); // the twin: an existence probe
    assert.equal(probe.kv.ret, '0');
    const sc = await tamper('stopcont', sysray);
    assert.deepEqual([sc.kv.ret1, sc.kv.ret2], ['0', '0']);
    pids.stopcont = sc.pid;
    pids.tgkill = (await tamper('tgkill', sysray, thread, SIGCONT)).pid;
    // kill(0): the trigger's group, which is sysray's (both children of this process); it waits to be read
    const group = spawn(bin(), ['killgroup', String(SIGCONT)], { stdio: 'ignore' });
    pids.kill = group.pid!;
    await untilFinding(tracer.outputFile, pids.kill);
    await stop(group);
    for (const [name, ...args] of [['vmread', sysray], ['memopen', sysray], ['getfd', sysray, 0], ['seize', sysray]] as const) {
      const t = await tamper(name, ...args);
      assert.match(t.kv.ret, /^\d+$/, `${name} succeeded`);
      pids[name] = t.pid;
    }
  });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  const target = { hostProcessId: sysray, processName: 'sysray', executable: { path: process.execPath }, self: true };
  const findings = r.events.filter((e) => e.eventName === 'agent_tampering');
  assert.ok(findings.every((f) => f.eventId === 6000 + BUILTIN_SIGNATURES.indexOf(agentTampering)));
  const entity = findings[0].args[0].value.processEntityId;
  assert.ok(entity > 0);
  assert.ok(findings.every((f) => f.args[0].value.processEntityId === entity), 'one sysray');
  const t = { ...target, processEntityId: entity };
  const signal = (n: number, name: string, delivery: string) => ({ signal: n, signalName: name, delivery });
  assert.deepEqual(findings.map((f) => [f.hostProcessId, summary(f)]), [
    [pids.stopcont, { target: t, method: 'pidfd_send_signal', ...signal(SIGSTOP, 'SIGSTOP', 'process'), from: 'pidfd_send_signal', severity: 3 }],
    [pids.stopcont, { target: t, method: 'pidfd_send_signal', ...signal(SIGCONT, 'SIGCONT', 'process'), from: 'pidfd_send_signal', severity: 0 }],
    [pids.tgkill, { target: t, method: 'tgkill', ...signal(SIGCONT, 'SIGCONT', 'thread'), from: 'tgkill', severity: 0 }],
    [pids.kill, { target: t, method: 'kill', ...signal(SIGCONT, 'SIGCONT', 'process group'), from: 'kill', severity: 0 }],
    [pids.vmread, { target: t, method: 'process_vm_readv', access: 'read', from: 'process_vm_readv', severity: 2 }],
    [pids.memopen, { target: t, method: 'openat', access: 'read', from: 'openat', severity: 2 }],
    [pids.getfd, { target: t, method: 'pidfd_getfd', from: 'pidfd_getfd', severity: 3 }],
    [pids.seize, { target: t, method: 'ptrace', request: 'PTRACE_SEIZE', from: 'ptrace', severity: 3 }],
    // the harness stops sysray with SIGTERM from its parent: seen before sysray's last read of the ring
    [process.pid, { target: t, method: 'kill', ...signal(SIGTERM, 'SIGTERM', 'process'), from: 'kill', severity: 0 }],
  ]);
  const memopen = findings.find((f) => f.hostProcessId === pids.memopen)!;
  assert.deepEqual(memopen.args.at(-1).value.args.find((a: { name: string }) => a.name === 'pathname').value, `/proc/${sysray}/mem`);
  assert.deepEqual(findings[0].metadata, {
    Version: '1', Description: agentTampering.metadata.description, Tags: ['linux'],
    Properties: {
      Severity: 3, Category: 'defense-evasion', Technique: 'Impair Defenses: Disable or Modify Tools', external_id: 'T1562.001',
      signatureID: 'SYSRAY-2', signatureName: 'Security agent tampered with',
    },
  });
});

test('a fake agent (sleep named falco) signalled by another process and by its parent; the agents parameter; the twin: ordinary processes signalling each other', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-agent-'));
  try {
    const falcoBin = path.join(dir, 'falco'), sleeperBin = path.join(dir, 'sleeper');
    copyFileSync('/bin/sleep', falcoBin);
    copyFileSync('/bin/sleep', sleeperBin);
    /** Another process stops, continues and ends falco and sleeper; the test process ends a second falco. */
    const scenario = async (extra: string[]) => {
      const pids: Record<string, number> = {};
      const r = await traceDuring(['-e', 'agent_tampering', '-s', `tree=${process.pid}`, ...extra], async (tracer) => {
        pids.sysray = tracer.process.pid!;
        const falco = spawn(falcoBin, ['100'], { stdio: 'ignore' }), falco2 = spawn(falcoBin, ['100'], { stdio: 'ignore' });
        const sleeper = spawn(sleeperBin, ['100'], { stdio: 'ignore' });
        const exited = [falco, sleeper].map((c) => new Promise((resolve) => c.once('exit', resolve)));
        pids.falco = await started(falco, 'falco');
        pids.falco2 = await started(falco2, 'falco');
        pids.sleeper = await started(sleeper, 'sleeper');
        for (const victim of ['falco', 'sleeper']) {
          pids[`${victim}Stop`] = (await tamper('kill', pids[victim], SIGSTOP)).pid;
          pids[`${victim}Cont`] = (await tamper('pidfd', pids[victim], SIGCONT)).pid;
          pids[`${victim}Term`] = (await tamper('kill', pids[victim], SIGTERM)).pid;
        }
        await Promise.all(exited);
        await stop(falco2); // SIGTERM from its parent, the test process
      });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.lost, 0, r.stderr);
      return { pids, findings: r.events.filter((e) => e.eventName === 'agent_tampering').map((f) => {
        const s = summary(f);
        const { processEntityId, ...target } = s.target as Record<string, unknown>;
        assert.ok(Number(processEntityId) > 0);
        return [f.hostProcessId, { ...s, target }];
      }) };
    };
    const agent = (pid: number, name: string, file: string, self = false) => ({ hostProcessId: pid, processName: name, executable: { path: file }, self });
    const signal = (n: number, name: string) => ({ signal: n, signalName: name, delivery: 'process' });
    const attacked = (pids: Record<string, number>, victim: string, target: ReturnType<typeof agent>) => [
      [pids[`${victim}Stop`], { target, method: 'kill', ...signal(SIGSTOP, 'SIGSTOP'), from: 'kill', severity: 3 }],
      [pids[`${victim}Cont`], { target, method: 'pidfd_send_signal', ...signal(SIGCONT, 'SIGCONT'), from: 'pidfd_send_signal', severity: 0 }],
      [pids[`${victim}Term`], { target, method: 'kill', ...signal(SIGTERM, 'SIGTERM'), from: 'kill', severity: 2 }],
    ];
    const sysrayStop = (pids: Record<string, number>) =>
      [process.pid, { target: agent(pids.sysray, 'sysray', process.execPath, true), method: 'kill', ...signal(SIGTERM, 'SIGTERM'), from: 'kill', severity: 0 }];

    // the default agents: falco is one, sleeper is not
    const d = await scenario([]);
    assert.deepEqual(d.findings, [
      ...attacked(d.pids, 'falco', agent(d.pids.falco, 'falco', falcoBin)),
      [process.pid, { target: agent(d.pids.falco2, 'falco', falcoBin), method: 'kill', ...signal(SIGTERM, 'SIGTERM'), from: 'kill', severity: 0 }],
      sysrayStop(d.pids),
    ]);
    // agents=sleeper: sleeper is protected, falco no longer (sysray always)
    const p = await scenario(['--signature-param', 'agent_tampering.agents=sleeper']);
    assert.deepEqual(p.findings, [...attacked(p.pids, 'sleeper', agent(p.pids.sleeper, 'sleeper', sleeperBin)), sysrayStop(p.pids)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
