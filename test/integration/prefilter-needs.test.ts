/**
 * Per-need prefilters on the real kernel (bpf/sysray.h struct
 * sysray_prefilter, map prefilter_prefixes): with every built-in signature
 * selected, a flood of opens no signature wants stays in the kernel, while
 * the opens signatures do want in the same run still give their findings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { ROOT, compileTrigger, run, traceDuring, type TraceResult } from '../helpers/trace.js';

/** The stop line's "N only for signatures": what passed the prefilters. */
function forSignatures(r: TraceResult): number {
  const m = /(\d+) only for signatures/.exec(r.stderr);
  return m ? Number(m[1]) : -1;
}

const OPENS = 20_000;

test('-e signatures: 20,000 read-only opens of a /tmp file send at most a few hundred records; shadow, O_TRUNC under /var/log and a symlink to /etc/shadow still give findings', async () => {
  const flood = compileTrigger('openflood');
  const shadowcat = path.join(ROOT, 'test', '.bin', 'shadowcat');
  copyFileSync('/bin/cat', shadowcat);
  const link = `/tmp/sysray-pf-link-${process.pid}`;
  rmSync(link, { force: true });
  symlinkSync('/etc/shadow', link);
  let floodOut = { pid: 0, stdout: '', code: null as number | null };
  let catPid = 0, linkPid = 0, logPid = 0;
  try {
    const r = await traceDuring(['-e', 'signatures'], async () => {
      floodOut = await run(flood, [String(OPENS), '-', 'ro']);
      catPid = (await run(shadowcat, ['/etc/shadow'])).pid;
      linkPid = (await run(shadowcat, [link])).pid;
      logPid = (await run('unshare', ['-m', '--propagation', 'private', 'sh', '-c',
        'mount -t tmpfs none /var/log && echo old > /var/log/sysray-pf.log && : > /var/log/sysray-pf.log'])).pid;
    });
    assert.equal(floodOut.code, 0, floodOut.stdout);
    assert.match(floodOut.stdout, new RegExp(`ok=${OPENS}`));
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.lost, 0, r.stderr);
    const sent = forSignatures(r);
    assert.ok(sent >= 0 && sent < 500, `the kernel sent ${sent} records only for signatures: ${r.stderr}`);
    const findings = (name: string) => r.events.filter((e) => e.eventName === name);
    assert.ok(findings('read_sensitive_file_untrusted').some((f) => f.hostProcessId === catPid), `cat /etc/shadow: ${r.stderr}`);
    assert.ok(findings('read_sensitive_file_untrusted').some((f) => f.hostProcessId === linkPid), `the symlink, decided on the opened file: ${r.stderr}`);
    assert.ok(findings('clear_log_activities').length > 0, `O_TRUNC under /var/log (sh pid ${logPid}): ${r.stderr}`);
  } finally {
    rmSync(link, { force: true });
  }
});
