/**
 * `sysray man <signature>`: a signature's page in the layout of the event
 * pages (Intro, Description, Arguments, Hooks, Example Use Case, Issues,
 * Related Events) plus MITRE, from its metadata, selectors and doc.
 */
import { eventByName } from '../events/catalog.js';
import type { SyscallSpec } from '../events/catalog.js';
import type { RegisteredSignature } from '../detect/signature-registry.js';
import type { ArgCondition, EventSelector } from '../detect/signature.js';
import { selectorNeeds } from '../detect/kernel-needs.js';
import { SIGNATURES } from '../detect/signature-registry.js';
import { RETURNS_FD } from '../events/fd-returning.js';
import { isResolvedPathArg } from '../events/path-args.js';

const SEVERITY = ['0 (info)', '1 (low)', '2 (medium)', '3 (high)'];

function conditionText(name: string, c: ArgCondition, spec: SyscallSpec | undefined): string {
  const parts: string[] = [];
  if (c.in) parts.push(`\`${name}\` in {${c.in.map(String).join(', ')}}`);
  if (c.anyBits !== undefined) parts.push(`\`${name}\` has a bit of 0x${BigInt(c.anyBits).toString(16)}`);
  // as the kernel decides it (bpf/sysray.h, struct sysray_prefilter): an fd-returning syscall's path on the fd it returned
  const opened = spec !== undefined && RETURNS_FD.has(spec.name) && !spec.source && isResolvedPathArg(spec, spec.args.findIndex((a) => a.name === name));
  if (c.prefix) parts.push(`\`${name}\` starts with ${c.prefix.map((p) => `\`${p}\``).join(' or ')} (${opened ? 'on success the opened file\'s path: symlinks, `..` and relative names resolved; on failure the name passed, a relative one passing' : 'relative paths pass'})`);
  return parts.join(' and ');
}

function kernelText(sel: EventSelector): string {
  let needs;
  try {
    needs = selectorNeeds(sel, (n) => SIGNATURES.kernelNeeds(eventByName(n)?.id ?? -1) ?? undefined);
  } catch {
    return '';
  }
  const decided = needs.filter((n) => n.prefilter);
  return decided.length ? ' The kernel applies the conditions it can (integer sets, bits, path prefixes) before anything is sent.' : '';
}

function hookOf(spec: SyscallSpec | undefined): string {
  if (!spec) return 'another signature\'s findings';
  if (spec.source === 'signature') return 'findings of the signature `' + spec.name + '`';
  if (spec.hooks) return spec.hooks.map((h) => `${h.name} (${h.type})`).join('; ');
  return 'sys_enter/sys_exit (raw tracepoints `raw_syscalls:sys_enter`/`sys_exit`, or `syscalls:sys_enter_' + spec.name + '`/`sys_exit_' + spec.name + '` when few syscalls are selected)';
}

export function renderSignaturePage(reg: RegisteredSignature): string {
  const { metadata: m, doc, selects, params } = reg.signature;
  const p = m.properties;
  const out: string[] = [];
  out.push(`# ${m.eventName}`, '');
  out.push('## Intro', `${m.eventName} - ${m.name} (signature ${m.id}, version ${m.version}${reg.origin === 'built-in' ? '' : `, from ${reg.origin}`})${reg.signature.aliases?.length ? `; also \`sysray man ${reg.signature.aliases.join('`, `')}\`` : ''}`, '');
  out.push('## Description', m.description, '', ...(reg.signature.unavailable ? [`**Never fires in sysray.** ${reg.signature.unavailable}`, ''] : []), `Severity ${SEVERITY[p.Severity] ?? p.Severity}${doc?.data ? '' : ''}. Findings are events (event id ${reg.id}) in Tracee's shape: the triggering event's context, the data below as \`args\`, then \`detectedFrom\`, and \`metadata\` {Version, Description, Tags, Properties}.`, '');
  out.push('## Arguments');
  for (const f of doc?.data ?? []) out.push(`* \`${f.name}\`:\`${f.type}\` - ${f.doc}`);
  out.push('* `detectedFrom`:`unknown` - The event the finding was detected from: {id, name, args, returnValue}.', '');
  out.push('## Hooks');
  if (selects.length === 0) out.push('None: it selects no event (see the Description).', '');
  for (const sel of selects) {
    const spec = eventByName(sel.event);
    const where = Object.entries(sel.where ?? {}).map(([n, c]) => conditionText(n, c, spec)).filter((t) => t);
    out.push(`### ${sel.event}`);
    out.push('#### Type', hookOf(spec));
    out.push('#### Purpose', `${sel.origin && sel.origin !== 'any' ? `Only from ${sel.origin === 'container' ? 'containers' : 'the host'}. ` : ''}${where.length ? `Only when ${where.join('; ')}.` : 'Every one.'}${kernelText(sel)}`, '');
  }
  if (params && Object.keys(params).length) {
    out.push('## Parameters');
    for (const [k, v] of Object.entries(params)) out.push(`* \`${k}\` (default ${v.default.join(',') || 'none'}) - ${v.doc} Set with \`--signature-param ${m.eventName}.${k}=a,b\`.`);
    out.push('');
  }
  out.push('## Example Use Case', doc?.useCase ?? `\`sysray -e ${m.eventName}\``, '');
  out.push('## Issues', doc?.issues ?? 'None known.', '');
  out.push('## Related Events', (doc?.related ?? selects.map((s) => s.event)).map((r) => `\`${r}\``).join(', '), '');
  out.push('## MITRE', `* Tactic (Category): ${p.Category}`, `* Technique: ${p.Technique}`, `* ID: ${p.external_id || '-'}`);
  return out.join('\n') + '\n';
}
