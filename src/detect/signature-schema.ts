/**
 * The shape a user's signature module must have, checked with zod before it
 * is registered: one line saying which field is wrong. Loaded only when
 * --signatures-dir is given (zod costs ~80 ms of start).
 */
import { z } from 'zod';
import { ENV_NAME_PATTERN, type Signature } from './signature.js';
import { SignatureError } from './signature-registry.js';

const conditionSchema = z.object({
  in: z.array(z.union([z.number().int(), z.bigint()])).min(1).optional(),
  anyBits: z.union([z.number().int(), z.bigint()]).optional(),
  prefix: z.array(z.string().min(1)).min(1).optional(),
  entryFault: z.literal(true).optional(),
}).strict();

const signatureSchema = z.object({
  metadata: z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    eventName: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _'),
    version: z.string().min(1),
    description: z.string().min(1),
    tags: z.array(z.string()).optional(),
    properties: z.object({
      Severity: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
      Category: z.string().min(1),
      Technique: z.string(),
      external_id: z.string(),
    }).passthrough(),
  }),
  selects: z.array(z.object({
    event: z.string().min(1),
    origin: z.enum(['any', 'container', 'host']).optional(),
    where: z.record(z.string(), conditionSchema).optional(),
    env: z.array(z.string().regex(ENV_NAME_PATTERN, 'environment variable names: [A-Za-z_][A-Za-z0-9_]*, at most 31 characters')).min(1).optional(),
  }).strict().refine((s) => s.env === undefined || s.event === 'sched_process_exec', {
    message: 'env is only for sched_process_exec', path: ['env'],
  })),
  unavailable: z.string().min(1).optional(),
  aliases: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).optional(),
  onEvent: z.function(),
}).passthrough().refine((s) => s.selects.length > 0 || s.unavailable !== undefined, {
  path: ['selects'],
  message: 'select at least one event (or set `unavailable` saying why it never fires)',
});

function firstProblem(err: z.ZodError): string {
  const issue = err.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'the export';
  return `${where}: ${issue.message}`;
}

/** Throws SignatureError naming `label` and the first wrong field. */
export function checkSignature(signature: unknown, label: string): Signature {
  const parsed = signatureSchema.safeParse(signature);
  if (!parsed.success) throw new SignatureError(`${label}: ${firstProblem(parsed.error)}`);
  return signature as Signature;
}
