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

const DIR = path.dirname(fileURLToPath(import.meta.url));
registerBuiltinSignatures(SIGNATURES);

test('the built-ins the issue asks for are all there', () => {
  const names = BUILTIN_SIGNATURES.map((s) => s.metadata.eventName).sort();
  for (const n of ['agent_tampering', 'anti_debugging', 'fd_theft', 'fileless_execution', 'perf_event_abuse', 'proc_mem_code_injection', 'process_vm_write_inject', 'ptrace_code_injection']) {
    assert.ok(names.includes(n), `built-in ${n}`);
  }
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
