/**
 * terminal_shell_in_container (SYSRAY-12, Falco's "Terminal shell in
 * container") on the real kernel: in a fake container a program named runc
 * (test/triggers/ptyshell_trig.c) starts `/bin/sh -c true` on a new pty, as
 * `docker exec -it` does: one finding. The benign twins: the same with the
 * shell's stdin a pipe, a pty shell started by script(1) (not by the
 * runtime), and the pty shell on the host: none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring } from '../../../test/helpers/trace.js';
import { runInFakeContainer } from '../../../test/helpers/fake-container.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { terminalShellInContainer } from './terminal-shell-in-container.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(terminalShellInContainer);

test('a runtime starts a shell on a pty in a container: one finding; stdin a pipe, a shell under script(1), on the host (twins): none', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-ttyshell-'));
  const runc = path.join(dir, 'runc');
  copyFileSync(compileTrigger('ptyshell_trig'), runc);
  try {
    const ctrs: Awaited<ReturnType<typeof runInFakeContainer>>[] = [];
    let host = { pid: 0, stdout: '', code: null as number | null };
    const r = await traceDuring(['-e', 'terminal_shell_in_container', '-s', 'comm=sh'], async () => {
      ctrs.push(await runInFakeContainer(`${runc} pty /bin/sh -c true`));
      ctrs.push(await runInFakeContainer(`${runc} pipe /bin/sh -c true`, 'ctr2'));
      ctrs.push(await runInFakeContainer(`script -qc 'sh -c true' /dev/null < /dev/null`, 'ctr3'));
      host = await run(runc, ['pty', '/bin/sh', '-c', 'true']);
    });
    assert.deepEqual([...ctrs.map((c) => c.code), host.code], [0, 0, 0, 0], ctrs.map((c) => c.stdout).join());
    assert.equal(r.exitCode, 0, r.stderr);
    const mine = new Set(ctrs.map((c) => c.id));
    const hostChild = Number(keyValues(host.stdout).child);
    const findings = r.events.filter((e) => mine.has(e.containerId) || e.hostProcessId === hostChild);
    assert.equal(findings.length, 1, JSON.stringify(findings));
    const f = findings[0];
    assert.deepEqual([f.eventId, f.containerId, f.processName, f.processId], [EVENT_ID, ctrs[0].id, 'sh', Number(keyValues(ctrs[0].stdout).child)]);
    assert.deepEqual(f.args.slice(0, 2), [
      { name: 'shell', type: 'const char *', value: 'sh' },
      { name: 'parent', type: 'const char *', value: 'runc' },
    ]);
    assert.equal(f.args[2].name, 'terminal');
    assert.match(f.args[2].value, /^\/dev\/pts\/\d+$/);
    const from = f.args[3].value;
    assert.deepEqual([from.name, from.args.find((a: { name: string }) => a.name === 'stdin_type').value], ['sched_process_exec', 0o020000]);
    assert.equal(from.args.find((a: { name: string }) => a.name === 'stdin_path').value, f.args[2].value);
    assert.deepEqual(f.metadata, {
      Version: '1', Description: terminalShellInContainer.metadata.description, Tags: ['container', 'shell', 'mitre_execution'],
      Properties: {
        Severity: 1, Category: 'execution', Technique: 'Command and Scripting Interpreter', Kubernetes_Technique: 'Exec into container',
        external_id: 'T1059', signatureID: 'SYSRAY-12', signatureName: 'Terminal shell in container',
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
