/**
 * TEST RENDERER for deploy/helm/sysray only: not Helm, not a replacement for it.
 * helm is not installed where these tests run, so this renders the subset of
 * Go templates our chart is written in, and refuses everything else (a
 * template that strays from the subset fails the tests rather than rendering
 * wrong):
 *
 *   {{ PIPELINE }}  {{- ... -}} (whitespace trimming)  {{/* comment *\/}}
 *   {{ if PIPELINE }} ... {{ else }} ... {{ end }}   {{ range PIPELINE }} ... {{ end }}
 *   values: .  .a.b  $  $.a.b  "string"  123
 *   functions: quote, toYaml, nindent N, indent N, default X, not
 *
 * Values are merged as Helm merges them: maps key by key, anything else
 * replaced. Files named _* and NOTES.txt are not rendered, as with `helm template`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

type Value = unknown;

interface TextNode { kind: 'text'; text: string }
interface PrintNode { kind: 'print'; pipeline: string }
interface IfNode { kind: 'if'; pipeline: string; then: Node[]; otherwise: Node[] }
interface RangeNode { kind: 'range'; pipeline: string; body: Node[] }
type Node = TextNode | PrintNode | IfNode | RangeNode;

interface Action { text: string; trimLeft: boolean; trimRight: boolean }

/** Splits a template into text and actions, applying `{{-` and `-}}` trimming. */
function lex(template: string): Array<string | Action> {
  const out: Array<string | Action> = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{{', at);
    if (open < 0) {
      out.push(template.slice(at));
      break;
    }
    const close = template.indexOf('}}', open);
    if (close < 0) throw new Error(`unclosed {{ at offset ${open}`);
    let inner = template.slice(open + 2, close);
    const trimLeft = inner.startsWith('- ') || inner === '-';
    const trimRight = inner.endsWith(' -');
    if (trimLeft) inner = inner.slice(1);
    if (trimRight) inner = inner.slice(0, -1);
    out.push(template.slice(at, open), { text: inner.trim(), trimLeft, trimRight });
    at = close + 2;
  }
  // trimming: all whitespace (newlines included) next to a trimming marker
  for (let i = 0; i < out.length; i++) {
    const a = out[i];
    if (typeof a === 'string') continue;
    if (a.trimLeft && typeof out[i - 1] === 'string') out[i - 1] = (out[i - 1] as string).replace(/\s+$/, '');
    if (a.trimRight && typeof out[i + 1] === 'string') out[i + 1] = (out[i + 1] as string).replace(/^\s+/, '');
  }
  return out;
}

function parse(template: string): Node[] {
  const items = lex(template);
  let i = 0;
  function block(until: readonly string[]): { nodes: Node[]; end: string } {
    const nodes: Node[] = [];
    while (i < items.length) {
      const item = items[i++];
      if (typeof item === 'string') {
        if (item !== '') nodes.push({ kind: 'text', text: item });
        continue;
      }
      const a = item.text;
      if (a.startsWith('/*')) {
        if (!a.endsWith('*/')) throw new Error(`bad comment: {{${a}}}`);
      } else if (until.includes(a)) {
        return { nodes, end: a };
      } else if (a.startsWith('if ')) {
        const then = block(['else', 'end']);
        const otherwise = then.end === 'else' ? block(['end']).nodes : [];
        nodes.push({ kind: 'if', pipeline: a.slice(3).trim(), then: then.nodes, otherwise });
      } else if (a.startsWith('range ')) {
        const body = block(['end']);
        nodes.push({ kind: 'range', pipeline: a.slice(6).trim(), body: body.nodes });
      } else if (/^(else|end|with|define|template|include|block)\b/.test(a) || a.includes(':=')) {
        throw new Error(`not in the test renderer's subset: {{ ${a} }}`);
      } else {
        nodes.push({ kind: 'print', pipeline: a });
      }
    }
    if (until.length) throw new Error(`missing {{ end }} (wanted one of ${until.join(', ')})`);
    return { nodes, end: '' };
  }
  return block([]).nodes;
}

/** Go template truth: false, 0, nil, "" and empty lists and maps are false. */
export function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function words(command: string): string[] {
  const out = command.match(/"(?:[^"\\]|\\.)*"|[^\s]+/g);
  if (!out) throw new Error(`empty command in pipeline`);
  return out;
}

function field(from: Value, names: string[], whole: string): Value {
  let v = from;
  for (const n of names) {
    if (v === null || typeof v !== 'object') throw new Error(`${whole}: nil pointer evaluating .${n}`);
    v = (v as Record<string, Value>)[n];
  }
  return v;
}

function operand(word: string, dot: Value, root: Value): Value {
  if (word.startsWith('"')) return JSON.parse(word);
  if (/^-?\d+$/.test(word)) return Number(word);
  if (word === '.') return dot;
  if (word === '$') return root;
  if (word.startsWith('$.')) return field(root, word.slice(2).split('.'), word);
  if (word.startsWith('.')) return field(dot, word.slice(1).split('.'), word);
  throw new Error(`not in the test renderer's subset: operand ${word}`);
}

function toYaml(v: Value): string {
  return YAML.stringify(v).replace(/\n$/, '');
}

function indentText(n: number, s: Value): string {
  const pad = ' '.repeat(n);
  return String(s).split('\n').map((l) => pad + l).join('\n');
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  quote: (args) => args.map((a) => JSON.stringify(a === undefined || a === null ? '' : String(a))).join(' '),
  toYaml: ([v]) => toYaml(v),
  nindent: ([n, s]) => '\n' + indentText(n as number, s),
  indent: ([n, s]) => indentText(n as number, s),
  default: ([fallback, v]) => (truthy(v) ? v : fallback),
  not: ([v]) => !truthy(v),
};

const ARITY: Record<string, number> = { quote: 1, toYaml: 1, nindent: 2, indent: 2, default: 2, not: 1 };

function evaluate(pipeline: string, dot: Value, root: Value): Value {
  const commands = pipeline.split(/\s*\|\s*/);
  let piped: Value;
  commands.forEach((command, i) => {
    const [head, ...rest] = words(command);
    const fn = FUNCTIONS[head];
    if (!fn) {
      if (i > 0 || rest.length) throw new Error(`not in the test renderer's subset: ${command}`);
      piped = operand(head, dot, root);
      return;
    }
    const args = rest.map((w) => operand(w, dot, root));
    if (i > 0) args.push(piped);
    if (args.length !== ARITY[head]) throw new Error(`${head} takes ${ARITY[head]} arguments: {{ ${pipeline} }}`);
    piped = fn(args);
  });
  return piped;
}

function print(v: Value, pipeline: string): string {
  if (v === undefined || v === null) throw new Error(`{{ ${pipeline} }} has no value`);
  if (typeof v === 'object') throw new Error(`{{ ${pipeline} }} is a map or list: use toYaml`);
  return String(v);
}

function run(nodes: readonly Node[], dot: Value, root: Value): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'print') out += print(evaluate(n.pipeline, dot, root), n.pipeline);
    else if (n.kind === 'if') out += run(truthy(evaluate(n.pipeline, dot, root)) ? n.then : n.otherwise, dot, root);
    else {
      const over = evaluate(n.pipeline, dot, root);
      if (over === undefined || over === null) continue;
      if (typeof over !== 'object') throw new Error(`range over ${typeof over}: {{ range ${n.pipeline} }}`);
      const items = Array.isArray(over) ? over : Object.keys(over).sort().map((k) => (over as Record<string, Value>)[k]);
      for (const item of items) out += run(n.body, item, root);
    }
  }
  return out;
}

/** Renders one template with `context` as both `.` and `$`. */
export function renderTemplate(template: string, context: Value): string {
  return run(parse(template), context, context);
}

function isMap(v: Value): v is Record<string, Value> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Helm's merge of --set/-f values over the chart's: maps key by key, lists and scalars replaced. */
export function mergeValues(base: Value, over: Value): Value {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Record<string, Value> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeValues(base[k], v);
  return out;
}

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  values?: Record<string, Value>;
}

/** Every rendered template of the chart at `chartDir`, by file name, plus the multi-document stream `helm template` would print. */
export function renderChart(chartDir: string, options: RenderOptions = {}): { files: Record<string, string>; stream: string } {
  const chart = YAML.parse(readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'));
  const defaults = YAML.parse(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) ?? {};
  const context = {
    Values: mergeValues(defaults, options.values ?? {}),
    Release: { Name: options.releaseName ?? 'sysray', Namespace: options.namespace ?? 'default', Service: 'Helm' },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const files: Record<string, string> = {};
  let stream = '';
  const dir = path.join(chartDir, 'templates');
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('_') || name === 'NOTES.txt') continue;
    const text = renderTemplate(readFileSync(path.join(dir, name), 'utf8'), context);
    files[name] = text;
    if (text.trim() !== '') stream += `---\n# Source: ${chart.name}/templates/${name}\n${text.replace(/^\s*\n/, '')}\n`;
  }
  return { files, stream };
}
