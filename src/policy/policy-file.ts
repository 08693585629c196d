/**
 * Tracee policy files, as given with `-p FILE|DIR`. Each YAML document is one
 * policy (JSON is YAML, so one reader serves both), written in Kubernetes style
 * (apiVersion, kind, metadata, spec) or plain style (type: policy). What comes
 * out keeps the line and column of every string, so the stages that parse scope
 * and filter expressions can point at the exact place of a mistake. Every error
 * is one line: FILE:LINE:COL: what is wrong; what to do.
 */
import { nearestName } from '../text/nearest-name.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Alias, Document, Scalar, YAMLError, YAMLMap, YAMLSeq } from 'yaml';
import { MAX_POLICIES } from './policy-types.js';
import type { LocatedText, PolicyDocument, SourceLocation } from './policy-types.js';

/** A policy file that cannot be used; the message is one line, starting with FILE:LINE:COL (or FILE). */
export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';

  constructor(where: SourceLocation | string, problem: string, remedy: string) {
    const at = typeof where === 'string' ? where : `${where.file}:${where.line}:${where.column}`;
    super(`${at}: ${problem}; ${remedy}`);
  }
}

const API_VERSION = 'tracee.aquasec.com/v1beta1';
const KIND = 'Policy';
const POLICY_FILE = /\.(yaml|yml|json)$/;

/** Every policy in the given files and directories, in the order given (a directory's files by name). */
export function loadPolicyFiles(paths: readonly string[]): PolicyDocument[] {
  const policies: ReadPolicy[] = [];
  for (const path of paths) {
    for (const file of policyFilesAt(path)) policies.push(...readPolicies(readPolicyText(file), file));
  }
  checkPolicySet(policies);
  return policies.map((p) => p.document);
}

/** The policies in one file's text; `file` is only for locations. */
export function parseDocuments(text: string, file: string): PolicyDocument[] {
  const policies = readPolicies(text, file);
  checkPolicySet(policies);
  return policies.map((p) => p.document);
}

/** A policy and where its name is written, for the duplicate-name message. */
interface ReadPolicy {
  document: PolicyDocument;
  nameWhere: SourceLocation;
}

function policyFilesAt(path: string): string[] {
  if (path === '') throw new PolicyFileError('-p ""', 'empty policy path', 'give a policy file or a directory of them');
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (err) {
    throw new PolicyFileError(path, fileProblem(err), 'check the path given to -p');
  }
  if (!isDirectory) return [path]; // a file named on purpose is read whatever its extension
  let names: string[];
  try {
    names = readdirSync(path).filter((name) => POLICY_FILE.test(name));
  } catch (err) {
    throw new PolicyFileError(path, fileProblem(err), 'check the directory given to -p');
  }
  // Plain code-unit order, so the policy order (and so the policy ids) do not depend on the locale.
  const files = names.sort().map((name) => join(path, name)).filter(isRegularFile);
  if (files.length === 0) {
    throw new PolicyFileError(path, 'no policy files (*.yaml, *.yml, *.json) in this directory', 'add one, or give -p a file');
  }
  return files;
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true; // e.g. a dangling symlink: let reading it report why
  }
}

function readPolicyText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyFileError(file, fileProblem(err), 'check the file given to -p');
  }
}

function fileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'not a directory';
  return String((err as Error).message ?? err).split('\n')[0];
}

function readPolicies(text: string, file: string): ReadPolicy[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const locate = (offset: number): SourceLocation => {
    const { line, col } = lines.linePos(Math.max(0, offset));
    return { file, line, column: col };
  };
  // Syntax first, for the whole file: a later document's broken syntax can make an earlier one look wrong.
  for (const document of documents) {
    const error = document.errors[0];
    if (error) throw syntaxError(error, locate(error.pos[0]), extname(file) === '.json');
  }
  const policies: ReadPolicy[] = [];
  for (const document of documents) {
    const root = document.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue; // an empty document, e.g. between two `---`
    policies.push(new PolicyReader(document, locate).read());
  }
  if (policies.length === 0) {
    throw new PolicyFileError(locate(0), 'no policy in this file', `write one, starting with type: policy (or apiVersion: ${API_VERSION})`);
  }
  return policies;
}

function syntaxError(error: YAMLError, where: SourceLocation, isJson: boolean): PolicyFileError {
  const said = error.message.split('\n')[0].replace(/\.$/, '');
  const what = said.charAt(0).toLowerCase() + said.slice(1);
  if (error.code === 'DUPLICATE_KEY') return new PolicyFileError(where, 'this key is repeated in its mapping', 'keep only one');
  if (isJson) {
    return new PolicyFileError(where, `JSON syntax error (${what})`, 'check for a missing comma, colon, quote or bracket here');
  }
  if (error.code === 'TAB_AS_INDENT') return new PolicyFileError(where, `YAML syntax error: ${what}`, 'indent with spaces');
  return new PolicyFileError(where, `YAML syntax error: ${what}`, 'fix the YAML here');
}

/** Names must be unique (they name the policy in every event it matches) and at most 64 policies fit the kernel's masks. */
function checkPolicySet(policies: readonly ReadPolicy[]): void {
  const firstByName = new Map<string, ReadPolicy>();
  for (const policy of policies) {
    const first = firstByName.get(policy.document.name);
    if (first) {
      throw new PolicyFileError(
        policy.nameWhere,
        `policy name "${policy.document.name}" is already used at ${first.nameWhere.file}:${first.nameWhere.line}`,
        'give each policy its own name',
      );
    }
    firstByName.set(policy.document.name, policy);
  }
  if (policies.length > MAX_POLICIES) {
    const extra = policies[MAX_POLICIES].document;
    throw new PolicyFileError(
      extra.where,
      `too many policies: ${policies.length} found, at most ${MAX_POLICIES} can be loaded, and this one ("${extra.name}") is number ${MAX_POLICIES + 1}`,
      'merge or remove policies',
    );
  }
}

type YamlNode = Scalar | YAMLMap | YAMLSeq;

/** A list of strings in a policy, described for messages. */
interface ListOf {
  key: string;
  item: string;
  /** Whose list: `policy "web"`, `rule 2 of policy "web"`. */
  owner: string;
  example: string;
}

/** A key of a mapping and its value (null when the key has none, as in `? key`). */
interface Field {
  key: Scalar;
  value: YamlNode | null;
}

/** One YAML document read as a policy; it fails at the node where the document goes wrong. */
class PolicyReader {
  /** How messages name this policy: 'this policy' until its name is known. */
  private policyLabel = 'this policy';

  constructor(
    private readonly document: Document.Parsed,
    private readonly locate: (offset: number) => SourceLocation,
  ) {}

  read(): ReadPolicy {
    const root = this.resolve(this.document.contents);
    if (!isMap(root)) {
      throw this.error(
        root,
        `expected a policy (a mapping of keys such as name, scope and rules), found ${describe(root)}`,
        'write it as KEY: VALUE lines, one policy per YAML document (or JSON file)',
      );
    }
    const fields = this.fieldsOf(root);
    if (fields.size === 0) throw this.error(root, 'this policy is an empty mapping', 'write its name, scope and rules');
    const where = this.where(root.items[0].key as YamlNode | Alias);
    // Tracee's rule: apiVersion means Kubernetes style, type: policy plain style. metadata or spec
    // without apiVersion count as Kubernetes style too, so that the message asks for the apiVersion.
    const isKubernetes = ['apiVersion', 'kind', 'metadata', 'spec'].some((key) => fields.has(key));
    if (!isKubernetes && !fields.has('type')) {
      throw new PolicyFileError(
        where,
        'cannot tell the policy style: no "type" (plain style) and no "apiVersion" (Kubernetes style)',
        `add type: policy, or apiVersion: ${API_VERSION} and kind: ${KIND}`,
      );
    }
    return isKubernetes ? this.readKubernetesStyle(root, fields, where) : this.readPlainStyle(fields, where);
  }

  private readPlainStyle(fields: Map<string, Field>, where: SourceLocation): ReadPolicy {
    this.nameForMessages(fields.get('name'));
    this.checkKeys(fields, ['type', 'name', 'description', 'scope', 'defaultActions', 'rules'], `in ${this.policyLabel}`);
    const name = this.readName(fields.get('name'), where, 'name: NAME');
    const type = fields.get('type') as Field;
    const typeText = this.readString(type.value, type.key, 'type');
    if (typeText.text !== 'policy') {
      throw this.error(type.value, `type "${typeText.text}" is not supported`, 'use type: policy');
    }
    const description = this.readDescription(fields.get('description'));
    this.readActions(fields.get('defaultActions'), this.policyLabel);
    return {
      document: {
        name: name.text,
        ...(description === undefined ? {} : { description }),
        scope: this.readScope(fields.get('scope'), where),
        rules: this.readRules(fields.get('rules'), where),
        where,
      },
      nameWhere: name.where,
    };
  }

  private readKubernetesStyle(root: YAMLMap, fields: Map<string, Field>, where: SourceLocation): ReadPolicy {
    const metadataField = fields.get('metadata');
    const metadata = metadataField ? this.mappingOf(metadataField, 'metadata') : undefined;
    const metadataFields = metadata ? this.fieldsOf(metadata) : new Map<string, Field>();
    const metadataWhere = metadataField ? this.where(metadataField.key) : where;
    this.nameForMessages(metadataFields.get('name'));

    const outside = 'in Kubernetes style it goes';
    this.checkKeys(fields, ['apiVersion', 'kind', 'metadata', 'spec'], `in ${this.policyLabel}`, {
      name: `${outside} under metadata`,
      description: `${outside} under metadata.annotations`,
      scope: `${outside} under spec`,
      rules: `${outside} under spec`,
      defaultActions: `${outside} under spec`,
      type: 'type belongs to the plain style; remove it',
    });
    this.checkConstant(fields.get('apiVersion'), 'apiVersion', API_VERSION, root);
    this.checkConstant(fields.get('kind'), 'kind', KIND, root);
    this.checkKeys(metadataFields, ['name', 'annotations', 'labels'], `in metadata of ${this.policyLabel}`);
    const name = this.readName(metadataFields.get('name'), metadataWhere, 'name: NAME under metadata');
    const annotationsField = metadataFields.get('annotations');
    let description: string | undefined;
    if (annotationsField && !isNull(annotationsField.value)) {
      // Other annotations are free-form (Kubernetes tools add their own); only the description is read.
      const annotations = this.fieldsOf(this.mappingOf(annotationsField, `metadata.annotations of ${this.policyLabel}`));
      description = this.readDescription(annotations.get('description'));
    }

    const specField = fields.get('spec');
    if (!specField) throw new PolicyFileError(where, `${this.policyLabel} has no spec`, 'add spec: with scope: and rules: under it');
    const specFields = this.fieldsOf(this.mappingOf(specField, `spec of ${this.policyLabel}`));
    this.checkKeys(specFields, ['scope', 'defaultActions', 'rules'], `in spec of ${this.policyLabel}`);
    this.readActions(specFields.get('defaultActions'), this.policyLabel);
    const specWhere = this.where(specField.key);
    return {
      document: {
        name: name.text,
        ...(description === undefined ? {} : { description }),
        scope: this.readScope(specFields.get('scope'), specWhere),
        rules: this.readRules(specFields.get('rules'), specWhere),
        where,
      },
      nameWhere: name.where,
    };
  }

  /** Messages call the policy by its name as soon as it is known, even before the rest is checked. */
  private nameForMessages(field: Field | undefined): void {
    const value = field?.value;
    if (isScalar(value) && typeof value.value === 'string' && value.value.trim() !== '') this.policyLabel = `policy "${value.value}"`;
  }

  private readName(field: Field | undefined, ownerWhere: SourceLocation, example: string): LocatedText {
    if (!field || isNull(field.value)) {
      throw new PolicyFileError(field ? this.where(field.key) : ownerWhere, `${this.policyLabel} has no name`, `add ${example}`);
    }
    const name = this.readString(field.value, field.key, `the name of ${this.policyLabel}`);
    if (name.text.trim() === '') throw this.error(field.value, 'the policy name is empty', `write one: ${example}`);
    return name;
  }

  private readDescription(field: Field | undefined): string | undefined {
    if (!field || isNull(field.value)) return undefined; // optional here, though Tracee requires it
    return this.readString(field.value, field.key, `the description of ${this.policyLabel}`).text;
  }

  private checkConstant(field: Field | undefined, key: string, expected: string, root: YAMLMap): void {
    if (!field) throw this.error(root, `${this.policyLabel} has no ${key}`, `add ${key}: ${expected}`);
    const value = this.readString(field.value, field.key, key);
    if (value.text !== expected) throw this.error(field.value, `${key} "${value.text}" is not supported`, `use ${key}: ${expected}`);
  }

  private readScope(field: Field | undefined, ownerWhere: SourceLocation): LocatedText[] {
    const list: ListOf = { key: 'scope', item: 'scope item', owner: this.policyLabel, example: 'e.g. - global, or - comm=bash' };
    const scope = this.stringsOf(this.requiredList(field, ownerWhere, list), list);
    const global = scope.find((item) => item.text === 'global');
    if (global && scope.length > 1) {
      throw new PolicyFileError(
        global.where,
        `global scope must be unique, but ${this.policyLabel} has ${scope.length} scope items`,
        'remove global (every process), or the other items',
      );
    }
    return scope;
  }

  private readRules(field: Field | undefined, ownerWhere: SourceLocation): PolicyDocument['rules'] {
    const rules = this.requiredList(field, ownerWhere, { key: 'rules', item: 'rule', owner: this.policyLabel, example: 'e.g. - event: openat' });
    return rules.items.map((item, index) => {
      const label = `rule ${index + 1} of ${this.policyLabel}`;
      const rule = this.resolve(item);
      if (!isMap(rule)) {
        const remedy = isScalar(rule) && typeof rule.value === 'string' ? `write it as - event: ${rule.value}` : 'write it as - event: NAME';
        throw this.error(rule, `expected a mapping for ${label}, found ${describe(rule)}`, remedy);
      }
      const fields = this.fieldsOf(rule);
      this.checkKeys(fields, ['event', 'filters', 'actions'], `in ${label}`);
      const eventField = fields.get('event');
      if (!eventField || isNull(eventField.value)) {
        throw this.error(eventField?.key ?? rule, `${label} has no event`, 'add event: NAME');
      }
      const event = this.readString(eventField.value, eventField.key, `the event of ${label}`);
      if (event.text.trim() === '') throw new PolicyFileError(event.where, `the event of ${label} is empty`, 'name one, e.g. event: openat');
      this.readActions(fields.get('actions'), label);
      const filters = this.optionalList(fields.get('filters'), { key: 'filters', item: 'filter', owner: label, example: 'e.g. - data.pathname=/etc/*' });
      return { event, filters };
    });
  }

  /**
   * Tracee's only actions, log and print, both mean "print the event", which
   * is what sysray does with every event a policy selects: accepted, not kept.
   */
  private readActions(field: Field | undefined, owner: string): void {
    const key = field ? String(field.key.value) : 'actions';
    for (const action of this.optionalList(field, { key, item: 'action', owner, example: 'e.g. - log' })) {
      if (action.text !== 'log' && action.text !== 'print') {
        throw new PolicyFileError(action.where, `action "${action.text}" in ${owner} is not supported`, 'use log or print, or leave the actions out');
      }
    }
  }

  /** A list that must be there and hold at least one item. */
  private requiredList(field: Field | undefined, ownerWhere: SourceLocation, list: ListOf): YAMLSeq {
    if (!field) throw new PolicyFileError(ownerWhere, `${list.owner} has no "${list.key}"`, `add ${list.key}: with a list, ${list.example}`);
    const node = field.value;
    if (isNull(node) || (isSeq(node) && node.items.length === 0)) {
      throw new PolicyFileError(this.where(field.key), `"${list.key}" of ${list.owner} is empty`, `list at least one ${list.item}, ${list.example}`);
    }
    if (!isSeq(node)) throw this.listExpected(node ?? field.key, list);
    return node;
  }

  /** Strings from a list that may be left out, empty or null. */
  private optionalList(field: Field | undefined, list: ListOf): LocatedText[] {
    if (!field || isNull(field.value)) return [];
    if (!isSeq(field.value)) throw this.listExpected(field.value ?? field.key, list);
    return this.stringsOf(field.value, list);
  }

  private stringsOf(node: YAMLSeq, list: ListOf): LocatedText[] {
    return node.items.map((item, index) => {
      const label = `${list.item} ${index + 1} of ${list.owner}`;
      const text = this.readString(item, null, label);
      if (text.text.trim() === '') throw new PolicyFileError(text.where, `${label} is empty`, `write one, ${list.example}, or remove it`);
      return text;
    });
  }

  private listExpected(node: YamlNode, list: ListOf): PolicyFileError {
    const remedy = isScalar(node) && typeof node.value === 'string' ? `write it as a list: - ${node.value}` : `write it as a list, ${list.example}`;
    return this.error(node, `expected a list for "${list.key}" of ${list.owner}, found ${describe(node)}`, remedy);
  }

  /**
   * A string-valued node. YAML makes `5`, `true` and `~` numbers, booleans and
   * null, which would silently change what was written: refuse them.
   */
  private readString(node: unknown, key: Scalar | null, label: string): LocatedText {
    const value = this.resolve(node);
    if (isScalar(value) && typeof value.value === 'string') return { text: value.value, where: this.where(value) };
    // An empty value has no place of its own (it is the end of the key's line): point at the key.
    const at = key && isNull(value) ? key : value;
    let remedy = 'write it as a string';
    if (isNull(value)) {
      remedy = key ? 'write a value' : 'write a value, or remove the empty item';
    } else if (isScalar(value)) {
      remedy = `quote it: "${value.source ?? String(value.value)}"`;
    } else if (isMap(value) && value.items.length === 1 && isScalar(value.items[0].key) && isScalar(value.items[0].value)) {
      // `- uid: 0` is a mapping; the expression Tracee reads is `uid=0`.
      remedy = `write it as one expression: ${String(value.items[0].key.value)}=${String(value.items[0].value.value)}`;
    }
    throw this.error(at, `expected a string for ${label}, found ${describe(value)}`, remedy);
  }

  private mappingOf(field: Field, label: string): YAMLMap {
    const node = field.value;
    if (!isMap(node)) {
      throw this.error(isNull(node) ? field.key : node, `expected a mapping for ${label}, found ${describe(node)}`, 'write its keys under it, indented');
    }
    return node;
  }

  /** The keys of a mapping, by name (keys that are not strings are kept as written, to be reported as unknown). */
  private fieldsOf(map: YAMLMap): Map<string, Field> {
    const fields = new Map<string, Field>();
    for (const pair of map.items) {
      const key = this.resolve(pair.key);
      if (!isScalar(key)) throw this.error(key, `expected a key name, found ${describe(key)}`, 'use plain KEY: VALUE');
      const value = pair.value === null ? null : this.resolve(pair.value);
      fields.set(String(key.value), { key, value: value ?? null });
    }
    return fields;
  }

  private checkKeys(fields: Map<string, Field>, valid: readonly string[], label: string, hints: Record<string, string> = {}): void {
    for (const [name, field] of fields) {
      if (valid.includes(name)) continue;
      const problem = `unknown key "${name}" ${label}`;
      const hint = Object.hasOwn(hints, name) ? hints[name] : undefined;
      if (hint) throw new PolicyFileError(this.where(field.key), problem, hint);
      const nearest = nearestName(name, valid);
      throw new PolicyFileError(this.where(field.key), problem, nearest ? `did you mean "${nearest}"?` : `expected one of: ${valid.join(', ')}`);
    }
  }

  /** Follows an alias (`*name`) to the node it stands for. */
  private resolve(node: unknown): YamlNode | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return node.resolve(this.document) ?? null;
    if (isScalar(node) || isMap(node) || isSeq(node)) return node;
    return null;
  }

  private where(node: YamlNode | Alias): SourceLocation {
    return this.locate(node.range?.[0] ?? 0);
  }

  private error(node: YamlNode | null, problem: string, remedy: string): PolicyFileError {
    return new PolicyFileError(node ? this.where(node) : this.locate(0), problem, remedy);
  }
}

function isNull(node: YamlNode | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** What a node is, for "expected X, found Y". */
function describe(node: YamlNode | null): string {
  if (isNull(node)) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const value = (node as Scalar).value;
  if (typeof value === 'number' || typeof value === 'bigint') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (typeof value === 'string') return `the string "${value}"`;
  return 'a value that is not a string';
}

