/**
 * What every built-in signature must have: complete metadata (Tracee's
 * fields, MITRE), a doc for its man page, selectors the catalog knows, a
 * file of its own named after its eventName with its test beside it, and a
 * man page with every section.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { BUILTIN_SIGNATURES } from './index.js';
import { SIGNATURES } from '../signature-registry.js';
import { registerBuiltinSignatures } from '../load-signatures.js';
import { eventByName } from '../../events/catalog.js';
import { renderMan } from '../../cli/man.js';
import { selectEvents } from '../../events/select.js';
import { checkSignature } from '../signature-schema.js';
import { signaturesTable } from '../../../scripts/readme-signatures.js';

const DIR = path.dirname(fileURLToPath(import.meta.url));
registerBuiltinSignatures(SIGNATURES);

/** Tracee's 31 signatures (signatures/golang/*.go before its move to detectors/): id → eventName. */
const TRACEE: Readonly<Record<string, string>> = {
  'TRC-101': 'stdio_over_socket', 'TRC-102': 'anti_debugging', 'TRC-103': 'ptrace_code_injection', 'TRC-104': 'dynamic_code_loading',
  'TRC-105': 'fileless_execution', 'TRC-106': 'cgroup_notify_on_release', 'TRC-107': 'ld_preload', 'TRC-108': 'k8s_service_account_token',
  'TRC-109': 'aslr_inspection', 'TRC-1010': 'cgroup_release_agent', 'TRC-1011': 'core_pattern_modification', 'TRC-1012': 'default_loader_mod',
  'TRC-1013': 'k8s_api_connection', 'TRC-1014': 'disk_mount', 'TRC-1015': 'hidden_file_created', 'TRC-1016': 'illegitimate_shell',
  'TRC-1017': 'kernel_module_loading', 'TRC-1018': 'k8s_cert_theft', 'TRC-1019': 'docker_abuse', 'TRC-1020': 'proc_fops_hooking',
  'TRC-1021': 'proc_kcore_read', 'TRC-1022': 'dropped_executable', 'TRC-1023': 'proc_mem_access', 'TRC-1024': 'proc_mem_code_injection',
  'TRC-1025': 'process_vm_write_inject', 'TRC-1026': 'rcd_modification', 'TRC-1027': 'scheduled_task_mod', 'TRC-1028': 'sudoers_modification',
  'TRC-1029': 'sched_debug_recon', 'TRC-1030': 'syscall_hooking', 'TRC-1031': 'system_request_key_mod',
};

/** sysray's own, and Falco's rules that add to Tracee's list (the signature-library issue's item 2). */
const OWN = [
  'fd_theft', 'agent_tampering', 'perf_event_abuse',
  'terminal_shell_in_container', 'run_shell_untrusted', 'read_sensitive_file_untrusted', 'symlink_hardlink_over_sensitive_files',
  'packet_socket_in_container', 'clear_log_activities', 'netcat_remote_code_execution', 'userfaultfd_by_non_root',
  'toctou_race',
];

test("every one of Tracee's 31 signatures is there, under its id and eventName", () => {
  assert.equal(Object.keys(TRACEE).length, 31);
  for (const [id, name] of Object.entries(TRACEE)) {
    const sig = BUILTIN_SIGNATURES.find((s) => s.metadata.eventName === name);
    assert.ok(sig, `Tracee's ${id} ${name}`);
    assert.equal(sig.metadata.id, id, name);
  }
});

test("sysray's own and Falco's rules are there, under SYSRAY ids", () => {
  for (const name of OWN) {
    const sig = BUILTIN_SIGNATURES.find((s) => s.metadata.eventName === name);
    assert.ok(sig, name);
    assert.match(sig.metadata.id, /^SYSRAY-\d+$/, name);
  }
  const ids = BUILTIN_SIGNATURES.map((s) => s.metadata.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
});

for (const sig of BUILTIN_SIGNATURES) {
  const m = sig.metadata;
  test(`${m.eventName}: metadata, doc, selectors, files, man page`, () => {
    checkSignature(sig, 'built-in'); // the schema users' modules are held to
    assert.match(m.id, /^(TRC|SYSRAY)-\d+$/);
    assert.match(m.version, /^\d+(\.\d+)*$/);
    assert.ok(m.name.length > 5 && m.description.length > 20);
    assert.ok([0, 1, 2, 3].includes(m.properties.Severity));
    assert.match(m.properties.Category, /^[a-z]+(-[a-z]+)*$/, 'MITRE tactic as Tracee writes it');
    assert.ok(m.properties.Technique.length > 0);
    assert.match(m.properties.external_id, /^T\d{4}(\.\d{3})?$/);
    assert.ok(sig.doc?.useCase && sig.doc.issues && sig.doc.related?.length, 'doc: useCase, issues, related');
    for (const f of sig.doc?.data ?? []) assert.ok(f.name && f.type && f.doc.length > 5, `data field ${f.name} documented`);
    for (const sel of sig.selects) {
      const spec = eventByName(sel.event);
      assert.ok(spec, `selects ${sel.event}`);
      for (const arg of Object.keys(sel.where ?? {})) assert.ok(spec.args.some((a) => a.name === arg), `${sel.event} has ${arg}`);
    }
    const file = path.join(DIR, m.eventName.replace(/_/g, '-'));
    assert.ok(existsSync(file + '.ts'), `${file}.ts: one file per signature, named after it`);
    assert.ok(existsSync(file + '.test.ts'), `${file}.test.ts: its trigger and benign twin beside it`);
    assert.match(readFileSync(file + '.test.ts', 'utf8'), /twin/i, 'the test has a benign twin');
    const page = renderMan(m.eventName);
    for (const h of ['## Intro', '## Description', '## Arguments', '## Hooks', '## Example Use Case', '## Issues', '## Related Events', '## MITRE']) {
      assert.ok(page.includes(`\n${h}\n`), `man ${m.eventName}: ${h}`);
    }
    assert.ok(page.includes(m.properties.external_id));
    assert.ok(selectEvents(['signatures']).ids.includes(eventByName(m.eventName)!.id), 'in the signatures set');
    assert.ok(selectEvents([]).ids.includes(eventByName(m.eventName)!.id), 'in the default set');
  });
}

test("the README's table of signatures is the one scripts/readme-signatures.ts makes from them", () => {
  const readme = readFileSync(path.join(DIR, '..', '..', '..', 'README.md'), 'utf8');
  const block = readme.slice(readme.indexOf('<!-- signatures-table -->') + '<!-- signatures-table -->'.length, readme.indexOf('<!-- /signatures-table -->')).trim();
  assert.equal(block, signaturesTable(), 'run npx tsx scripts/readme-signatures.ts');
});
