import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicyFiles, parseDocuments, PolicyFileError } from './policy-file.js';
import { MAX_POLICIES } from './policy-types.js';
import type { PolicyDocument } from './policy-types.js';

/** Relative, as a user would type it after -p, so messages read as they would on the command line. */
const FIXTURES = relative(process.cwd(), fileURLToPath(new URL('../../test/fixtures/policies', import.meta.url)));

/** Tracee's overview example, whatever the style and syntax it was written in. */
const OVERVIEW = {
  name: 'overview-policy',
  description: 'sample overview policy',
  scope: ['comm=bash', 'follow'],
  rules: [
    { event: 'openat', filters: ['data.pathname=/etc/*'] },
    { event: 'close', filters: ['retval!=0'] },
  ],
};

function withoutLocations(policy: PolicyDocument) {
  return {
    name: policy.name,
    ...(policy.description === undefined ? {} : { description: policy.description }),
    scope: policy.scope.map((s) => s.text),
    rules: policy.rules.map((r) => ({ event: r.event.text, filters: r.filters.map((f) => f.text) })),
  };
}

/** The one-line message of the PolicyFileError that `run` throws. */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof PolicyFileError, `expected a PolicyFileError, got ${String(err)}`);
    assert.doesNotMatch(err.message, /\n/);
    return err.message;
  }
  assert.fail('expected a PolicyFileError');
}

function parseError(text: string, file = 'p.yaml'): string {
  return errorOf(() => parseDocuments(text, file));
}

const scratch = mkdtempSync(join(tmpdir(), 'sysray-policy-file-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh directory holding the given files (a name ending in / makes a directory). */
function directoryWith(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) {
    if (file.endsWith('/')) mkdirSync(join(dir, file));
    else writeFileSync(join(dir, file), text);
  }
  return dir;
}

function plainPolicy(name: string, event = 'openat'): string {
  return `type: policy\nname: ${name}\nscope: [global]\nrules: [{event: ${event}}]\n`;
}

describe('the two styles, in YAML and JSON', () => {
  for (const file of ['overview-k8s.yaml', 'overview-plain.yaml', 'overview-k8s.json', 'overview-plain.json']) {
    it(`reads Tracee's overview policy from ${file}`, () => {
      const policies = loadPolicyFiles([join(FIXTURES, file)]);
      assert.equal(policies.length, 1);
      assert.deepEqual(withoutLocations(policies[0]), OVERVIEW);
    });
  }

  it('locates every string of a Kubernetes-style YAML policy', () => {
    const file = join(FIXTURES, 'overview-k8s.yaml');
    const [policy] = loadPolicyFiles([file]);
    const at = (line: number, column: number) => ({ file, line, column });
    assert.deepEqual(policy.where, at(2, 1)); // apiVersion, after the comment line
    assert.deepEqual(policy.scope, [
      { text: 'comm=bash', where: at(10, 7) },
      { text: 'follow', where: at(11, 7) },
    ]);
    assert.deepEqual(policy.rules, [
      { event: { text: 'openat', where: at(13, 14) }, filters: [{ text: 'data.pathname=/etc/*', where: at(15, 11) }] },
      { event: { text: 'close', where: at(16, 14) }, filters: [{ text: 'retval!=0', where: at(18, 11) }] },
    ]);
  });

  it('locates every string of a plain-style JSON policy', () => {
    const file = join(FIXTURES, 'overview-plain.json');
    const [policy] = loadPolicyFiles([file]);
    const at = (line: number, column: number) => ({ file, line, column });
    assert.deepEqual(policy.where, at(2, 3)); // the opening quote of "type"
    assert.deepEqual(policy.scope.map((s) => s.where), [at(5, 13), at(5, 26)]);
    assert.deepEqual(policy.rules.map((r) => r.event.where), [at(7, 16), at(8, 16)]);
    assert.deepEqual(policy.rules.map((r) => r.filters[0].where), [at(7, 38), at(8, 37)]);
  });

  it('locates a quoted string at its opening quote', () => {
    const [policy] = parseDocuments('type: policy\nname: q\nscope:\n  - "uid=0"\nrules:\n  - event: \'openat\'\n', 'q.yaml');
    assert.deepEqual(policy.scope, [{ text: 'uid=0', where: { file: 'q.yaml', line: 4, column: 5 } }]);
    assert.deepEqual(policy.rules[0].event, { text: 'openat', where: { file: 'q.yaml', line: 6, column: 12 } });
  });

  it('accepts a policy without description, a rule without filters, and filters: with nothing', () => {
    const [plain] = parseDocuments('type: policy\nname: a\nscope: [global]\nrules:\n  - event: openat\n  - event: close\n    filters:\n', 'a.yaml');
    assert.ok(!('description' in plain));
    assert.deepEqual(withoutLocations(plain), {
      name: 'a',
      scope: ['global'],
      rules: [
        { event: 'openat', filters: [] },
        { event: 'close', filters: [] },
      ],
    });
    const k8sText = 'apiVersion: tracee.aquasec.com/v1beta1\nkind: Policy\nmetadata:\n  name: b\nspec:\n  scope: [global]\n  rules: [{event: openat}]\n';
    const [k8s] = parseDocuments(k8sText, 'b.yaml');
    assert.ok(!('description' in k8s));
  });

  it("accepts Tracee's defaultActions and actions when they are log or print, and other annotations and labels", () => {
    const text = [
      'apiVersion: tracee.aquasec.com/v1beta1',
      'kind: Policy',
      'metadata:',
      '  name: k',
      '  labels: {app: web}',
      '  annotations:',
      '    description: with actions',
      '    example.com/owner: ops',
      'spec:',
      '  scope: [global]',
      '  defaultActions: [log]',
      '  rules:',
      '    - event: openat',
      '      actions: [print]',
    ].join('\n');
    assert.deepEqual(withoutLocations(parseDocuments(text, 'k.yaml')[0]), {
      name: 'k',
      description: 'with actions',
      scope: ['global'],
      rules: [{ event: 'openat', filters: [] }],
    });
    assert.equal(parseDocuments('type: policy\nname: p\ndefaultActions: [log]\nscope: [global]\nrules: [{event: x}]\n', 'p.yaml').length, 1);
  });

  it('keeps global as the one scope item', () => {
    assert.deepEqual(parseDocuments(plainPolicy('g'), 'g.yaml')[0].scope.map((s) => s.text), ['global']);
  });

  it('follows YAML aliases to the text they stand for', () => {
    const text = 'type: policy\nname: a\nscope:\n  - &shell comm=bash\nrules:\n  - event: openat\n    filters: [*shell]\n';
    const [policy] = parseDocuments(text, 'a.yaml');
    assert.deepEqual(policy.rules[0].filters, [{ text: 'comm=bash', where: { file: 'a.yaml', line: 4, column: 12 } }]);
  });
});

describe('several documents in one file', () => {
  it('reads each YAML document as a policy, in order, whatever its style', () => {
    const text = [
      '---',
      'type: policy',
      'name: first',
      'scope: [comm=bash]',
      'rules: [{event: openat}]',
      '---',
      '# an empty document is skipped',
      '---',
      'apiVersion: tracee.aquasec.com/v1beta1',
      'kind: Policy',
      'metadata: {name: second}',
      'spec:',
      '  scope: [follow]',
      '  rules: [{event: close}]',
      '',
    ].join('\n');
    const policies = parseDocuments(text, 'multi.yaml');
    assert.deepEqual(policies.map((p) => p.name), ['first', 'second']);
    assert.deepEqual(policies.map((p) => p.where), [
      { file: 'multi.yaml', line: 2, column: 1 },
      { file: 'multi.yaml', line: 9, column: 1 },
    ]);
    assert.deepEqual(policies[1].scope, [{ text: 'follow', where: { file: 'multi.yaml', line: 13, column: 11 } }]);
  });

  it('refuses a name used twice in one file, naming where it was first used', () => {
    assert.equal(
      parseError(`${plainPolicy('web')}---\n${plainPolicy('web', 'close')}`),
      'p.yaml:7:7: policy name "web" is already used at p.yaml:2; give each policy its own name',
    );
  });

  it('reports a syntax error in a later document even when an earlier one is wrong in shape', () => {
    assert.equal(parseError('- not a policy\n---\nname: "open\n'), 'p.yaml:4:1: YAML syntax error: missing closing "quote; fix the YAML here');
  });
});

describe('loadPolicyFiles paths', () => {
  it('reads the *.yaml, *.yml and *.json files directly in a directory, by name, and nothing else', () => {
    const dir = directoryWith('mixed', {
      'b.yaml': plainPolicy('b'),
      'a.yml': plainPolicy('a'),
      'c.json': '{"type": "policy", "name": "c", "scope": ["global"], "rules": [{"event": "openat"}]}',
      'B.yaml': plainPolicy('upper-b'),
      'notes.txt': 'not yaml: [',
      'policy.yaml.bak': 'not yaml: [',
      'README.md': '# readme',
      'sub.yaml/': '',
    });
    const policies = loadPolicyFiles([dir]);
    assert.deepEqual(policies.map((p) => p.name), ['upper-b', 'a', 'b', 'c']); // code-unit order: capitals first
    assert.deepEqual(policies.map((p) => p.where.file), ['B.yaml', 'a.yml', 'b.yaml', 'c.json'].map((f) => join(dir, f)));
  });

  it('reads a file named directly whatever its extension, and keeps the order of the paths', () => {
    const dir = directoryWith('direct', { 'z.txt': plainPolicy('from-txt'), 'policies/': '' });
    writeFileSync(join(dir, 'policies', 'a.yaml'), plainPolicy('from-dir'));
    const policies = loadPolicyFiles([join(dir, 'z.txt'), join(dir, 'policies')]);
    assert.deepEqual(policies.map((p) => p.name), ['from-txt', 'from-dir']);
  });

  it('refuses a path that does not exist', () => {
    const missing = join(scratch, 'nope.yaml');
    assert.equal(errorOf(() => loadPolicyFiles([missing])), `${missing}: no such file or directory; check the path given to -p`);
  });

  it('refuses an empty path', () => {
    assert.equal(errorOf(() => loadPolicyFiles([''])), '-p "": empty policy path; give a policy file or a directory of them');
  });

  it('refuses a directory without policy files', () => {
    const empty = directoryWith('empty', {});
    const other = directoryWith('other', { 'notes.txt': 'x', 'sub.yaml/': '' });
    for (const dir of [empty, other]) {
      assert.equal(errorOf(() => loadPolicyFiles([dir])), `${dir}: no policy files (*.yaml, *.yml, *.json) in this directory; add one, or give -p a file`);
    }
  });

  it('refuses an unreadable file', { skip: process.getuid?.() === 0 ? 'root reads any file' : false }, () => {
    const dir = directoryWith('unreadable', { 'secret.yaml': plainPolicy('s') });
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    assert.equal(errorOf(() => loadPolicyFiles([dir])), `${join(dir, 'secret.yaml')}: permission denied; check the file given to -p`);
  });

  it('refuses an empty file', () => {
    const dir = directoryWith('blank', { 'blank.yaml': '# nothing here yet\n' });
    assert.equal(
      errorOf(() => loadPolicyFiles([dir])),
      `${join(dir, 'blank.yaml')}:1:1: no policy in this file; write one, starting with type: policy (or apiVersion: tracee.aquasec.com/v1beta1)`,
    );
  });

  it('refuses a name used in two files, naming the file and line of the first', () => {
    // The fixtures are one policy written four ways: loaded together, the name clashes.
    assert.equal(
      errorOf(() => loadPolicyFiles([FIXTURES])),
      `${join(FIXTURES, 'overview-k8s.yaml')}:5:9: policy name "overview-policy" is already used at ${join(FIXTURES, 'overview-k8s.json')}:5; give each policy its own name`,
    );
  });

  it(`loads ${MAX_POLICIES} policies and refuses more, saying how many and where the first one too many is`, () => {
    const many = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => plainPolicy(`p${from + i}`)).join('---\n');
    const fits = directoryWith('fits', { 'a.yaml': many(1, 40), 'b.yaml': many(41, MAX_POLICIES - 40) });
    assert.equal(loadPolicyFiles([fits]).length, MAX_POLICIES);
    const over = directoryWith('over', { 'a.yaml': many(1, 40), 'b.yaml': many(41, 30) });
    // Each policy is 4 lines and a `---`: the 25th of b.yaml starts on line 24 * 5 + 1.
    assert.equal(
      errorOf(() => loadPolicyFiles([over])),
      `${join(over, 'b.yaml')}:121:1: too many policies: 70 found, at most 64 can be loaded, and this one ("p65") is number 65; merge or remove policies`,
    );
  });
});

describe('syntax errors', () => {
  it('locates a YAML syntax error', () => {
    assert.equal(parseError('type: policy\nname: web\nscope:\n\t- global\n'), 'p.yaml:4:1: YAML syntax error: tabs are not allowed as indentation; indent with spaces');
    assert.equal(
      parseError('type: policy\nname: web\nscope: [global\nrules: []\n'),
      'p.yaml:4:1: YAML syntax error: flow sequence in block collection must be sufficiently indented and end with a ]; fix the YAML here',
    );
  });

  it('locates a JSON syntax error', () => {
    const missingComma = '{\n  "type": "policy",\n  "name": "web"\n  "scope": ["global"]\n}\n';
    assert.equal(
      parseError(missingComma, 'p.json'),
      'p.json:4:3: JSON syntax error (missing , between flow map items); check for a missing comma, colon, quote or bracket here',
    );
    const unclosed = '{\n  "type": "policy",\n  "scope": ["global"\n}\n';
    assert.equal(
      parseError(unclosed, 'p.json'),
      'p.json:4:1: JSON syntax error (flow sequence in block collection must be sufficiently indented and end with a ]); check for a missing comma, colon, quote or bracket here',
    );
  });

  it('locates a repeated key', () => {
    assert.equal(parseError('type: policy\nname: a\nname: b\n'), 'p.yaml:3:1: this key is repeated in its mapping; keep only one');
    assert.equal(parseError('{"type": "policy", "type": "policy"}', 'p.json'), 'p.json:1:20: this key is repeated in its mapping; keep only one');
  });
});

describe('shape errors', () => {
  it('refuses a document that is not a mapping', () => {
    assert.equal(
      parseError('- type: policy\n'),
      'p.yaml:1:1: expected a policy (a mapping of keys such as name, scope and rules), found a list; write it as KEY: VALUE lines, one policy per YAML document (or JSON file)',
    );
  });

  it('refuses a document of neither style', () => {
    assert.equal(
      parseError('name: web\nscope: [global]\nrules: [{event: openat}]\n'),
      'p.yaml:1:1: cannot tell the policy style: no "type" (plain style) and no "apiVersion" (Kubernetes style); add type: policy, or apiVersion: tracee.aquasec.com/v1beta1 and kind: Policy',
    );
  });

  it('refuses a type other than policy', () => {
    assert.equal(parseError('type: Policy\nname: web\nscope: [global]\nrules: [{event: x}]\n'), 'p.yaml:1:7: type "Policy" is not supported; use type: policy');
  });

  it('refuses a wrong apiVersion or kind, naming the expected value', () => {
    const k8s = (apiVersion: string, kind: string) =>
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: web\nspec:\n  scope: [global]\n  rules: [{event: x}]\n`;
    assert.equal(
      parseError(k8s('aquasecurity.github.io/v1beta1', 'Policy')),
      'p.yaml:1:13: apiVersion "aquasecurity.github.io/v1beta1" is not supported; use apiVersion: tracee.aquasec.com/v1beta1',
    );
    assert.equal(parseError(k8s('tracee.aquasec.com/v1beta1', 'TraceePolicy')), 'p.yaml:2:7: kind "TraceePolicy" is not supported; use kind: Policy');
    assert.equal(
      parseError('kind: Policy\nmetadata: {name: web}\nspec: {scope: [global], rules: [{event: x}]}\n'),
      'p.yaml:1:1: policy "web" has no apiVersion; add apiVersion: tracee.aquasec.com/v1beta1',
    );
  });

  it('refuses unknown keys, suggesting the nearest valid one', () => {
    const rules = ['type: policy', 'name: web', 'scope: [global]', 'rules:', '  - event: openat', '  - event: close', '    filter: [retval!=0]', ''].join('\n');
    assert.equal(parseError(rules, 'policies/a.yaml'), 'policies/a.yaml:7:5: unknown key "filter" in rule 2 of policy "web"; did you mean "filters"?');
    assert.equal(parseError(plainPolicy('web').replace('scope', 'scopes')), 'p.yaml:3:1: unknown key "scopes" in policy "web"; did you mean "scope"?');
    assert.equal(parseError(plainPolicy('web').replace('type', 'Type')), 'p.yaml:1:1: cannot tell the policy style: no "type" (plain style) and no "apiVersion" (Kubernetes style); add type: policy, or apiVersion: tracee.aquasec.com/v1beta1 and kind: Policy');
    assert.equal(
      parseError(`${plainPolicy('web')}owner: ops\n`),
      'p.yaml:5:1: unknown key "owner" in policy "web"; expected one of: type, name, description, scope, defaultActions, rules',
    );
    const k8s = 'apiVersion: tracee.aquasec.com/v1beta1\nkind: Policy\nmetadata:\n  name: web\n  anotations: {}\nspec:\n  scope: [global]\n  rules: [{event: x}]\n';
    assert.equal(parseError(k8s), 'p.yaml:5:3: unknown key "anotations" in metadata of policy "web"; did you mean "annotations"?');
    assert.equal(
      parseError(k8s.replace('anotations: {}', 'annotations: {}').replace('  rules', '  rule')),
      'p.yaml:8:3: unknown key "rule" in spec of policy "web"; did you mean "rules"?',
    );
    assert.equal(
      parseError('apiVersion: tracee.aquasec.com/v1beta1\nkind: Policy\nmetadata:\n  name: web\nspec: {scope: [global], rules: [{event: x}]}\nApiversion: x\n'),
      'p.yaml:6:1: unknown key "Apiversion" in policy "web"; did you mean "apiVersion"?',
    );
  });

  it('says where a plain-style key goes in a Kubernetes-style policy', () => {
    assert.equal(
      parseError('apiVersion: tracee.aquasec.com/v1beta1\nkind: Policy\nname: web\n'),
      'p.yaml:3:1: unknown key "name" in this policy; in Kubernetes style it goes under metadata',
    );
    assert.equal(
      parseError('apiVersion: tracee.aquasec.com/v1beta1\nkind: Policy\nmetadata: {name: web}\nscope: [global]\n'),
      'p.yaml:4:1: unknown key "scope" in policy "web"; in Kubernetes style it goes under spec',
    );
  });

  it('requires a name', () => {
    assert.equal(parseError('type: policy\nscope: [global]\nrules: [{event: x}]\n'), 'p.yaml:1:1: this policy has no name; add name: NAME');
    assert.equal(parseError('type: policy\nname:\nscope: [global]\n'), 'p.yaml:2:1: this policy has no name; add name: NAME');
    assert.equal(parseError('type: policy\nname: ""\nscope: [global]\n'), 'p.yaml:2:7: the policy name is empty; write one: name: NAME');
    assert.equal(
      parseError('apiVersion: tracee.aquasec.com/v1beta1\nkind: Policy\nmetadata:\n  annotations: {description: d}\nspec: {}\n'),
      'p.yaml:3:1: this policy has no name; add name: NAME under metadata',
    );
    assert.equal(
      parseError('type: policy\nname: 42\nscope: [global]\n'),
      'p.yaml:2:7: expected a string for the name of this policy, found the number 42; quote it: "42"',
    );
  });

  it('requires a non-empty scope list', () => {
    assert.equal(parseError('type: policy\nname: web\nrules: [{event: x}]\n'), 'p.yaml:1:1: policy "web" has no "scope"; add scope: with a list, e.g. - global, or - comm=bash');
    assert.equal(
      parseError('type: policy\nname: web\nscope: []\nrules: [{event: x}]\n'),
      'p.yaml:3:1: "scope" of policy "web" is empty; list at least one scope item, e.g. - global, or - comm=bash',
    );
    assert.equal(
      parseError('type: policy\nname: web\nscope:\nrules: [{event: x}]\n'),
      'p.yaml:3:1: "scope" of policy "web" is empty; list at least one scope item, e.g. - global, or - comm=bash',
    );
    assert.equal(
      parseError('type: policy\nname: web\nscope: comm=bash\nrules: [{event: x}]\n'),
      'p.yaml:3:8: expected a list for "scope" of policy "web", found the string "comm=bash"; write it as a list: - comm=bash',
    );
    assert.equal(
      parseError('apiVersion: tracee.aquasec.com/v1beta1\nkind: Policy\nmetadata: {name: web}\nspec:\n  rules: [{event: x}]\n'),
      'p.yaml:4:1: policy "web" has no "scope"; add scope: with a list, e.g. - global, or - comm=bash',
    );
  });

  it('requires a non-empty rules list of mappings with an event', () => {
    assert.equal(parseError('type: policy\nname: web\nscope: [global]\n'), 'p.yaml:1:1: policy "web" has no "rules"; add rules: with a list, e.g. - event: openat');
    assert.equal(
      parseError('type: policy\nname: web\nscope: [global]\nrules: []\n'),
      'p.yaml:4:1: "rules" of policy "web" is empty; list at least one rule, e.g. - event: openat',
    );
    assert.equal(
      parseError('type: policy\nname: web\nscope: [global]\nrules:\n  - openat\n'),
      'p.yaml:5:5: expected a mapping for rule 1 of policy "web", found the string "openat"; write it as - event: openat',
    );
    assert.equal(parseError('type: policy\nname: web\nscope: [global]\nrules:\n  - filters: [uid=0]\n'), 'p.yaml:5:5: rule 1 of policy "web" has no event; add event: NAME');
    assert.equal(
      parseError('type: policy\nname: web\nscope: [global]\nrules:\n  - event: 1\n'),
      'p.yaml:5:12: expected a string for the event of rule 1 of policy "web", found the number 1; quote it: "1"',
    );
  });

  it('refuses scope items and filters that YAML does not read as strings', () => {
    const policy = (scope: string, filters = 'retval=0') =>
      `type: policy\nname: web\nscope:\n  - ${scope}\nrules:\n  - event: openat\n    filters:\n      - ${filters}\n`;
    assert.equal(parseError(policy('5')), 'p.yaml:4:5: expected a string for scope item 1 of policy "web", found the number 5; quote it: "5"');
    assert.equal(parseError(policy('true')), 'p.yaml:4:5: expected a string for scope item 1 of policy "web", found the boolean true; quote it: "true"');
    assert.equal(parseError(policy('uid: 0')), 'p.yaml:4:5: expected a string for scope item 1 of policy "web", found a mapping; write it as one expression: uid=0');
    assert.equal(parseError(policy('')), 'p.yaml:4:5: expected a string for scope item 1 of policy "web", found nothing; write a value, or remove the empty item');
    assert.equal(parseError(policy('"uid=0"', '0x10')), 'p.yaml:8:9: expected a string for filter 1 of rule 1 of policy "web", found the number 16; quote it: "0x10"');
    assert.equal(parseError(policy('uid=0', '[a, b]')), 'p.yaml:8:9: expected a string for filter 1 of rule 1 of policy "web", found a list; write it as a string');
    assert.equal(parseError(policy('uid=0', '""')), 'p.yaml:8:9: filter 1 of rule 1 of policy "web" is empty; write one, e.g. - data.pathname=/etc/*, or remove it');
    assert.equal(
      parseError('type: policy\nname: web\nscope: [global]\nrules:\n  - event: openat\n    filters: retval=0\n'),
      'p.yaml:6:14: expected a list for "filters" of rule 1 of policy "web", found the string "retval=0"; write it as a list: - retval=0',
    );
  });

  it('refuses global with other scope items, at the global item', () => {
    assert.equal(
      parseError('type: policy\nname: web\nscope:\n  - comm=bash\n  - global\nrules: [{event: x}]\n'),
      'p.yaml:5:5: global scope must be unique, but policy "web" has 2 scope items; remove global (every process), or the other items',
    );
  });

  it('refuses a description that is not a string', () => {
    assert.equal(
      parseError('type: policy\nname: web\ndescription: [a]\nscope: [global]\nrules: [{event: x}]\n'),
      'p.yaml:3:14: expected a string for the description of policy "web", found a list; write it as a string',
    );
  });

  it('refuses an action sysray cannot take', () => {
    assert.equal(
      parseError('type: policy\nname: web\nscope: [global]\nrules:\n  - event: openat\n    actions: [webhook]\n'),
      'p.yaml:6:15: action "webhook" in rule 1 of policy "web" is not supported; use log or print, or leave the actions out',
    );
  });
});
