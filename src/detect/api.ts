/**
 * What signature authors import (`sysray/detect`): the API's types, bounded
 * state, and the shared predicates the built-ins use.
 *
 * @example
 * // my-signatures/shadow.ts, compiled to shadow.js for --signatures-dir
 * import type { Signature } from 'sysray/detect';
 * const sig: Signature = { metadata: {...}, selects: [{ event: 'openat' }], onEvent: (e, ctx) => undefined };
 * export default sig;
 */
export type {
  ArgCondition, EventOrigin, EventSelector, Finding, FindingField, OnEventResult, Severity, Signature,
  SignatureContext, SignatureDoc, SignatureMetadata, SignatureProperties,
} from './signature.js';
export { SIGNATURE_ID_BASE } from './signature.js';
export type { TraceEvent, DecodedArg, ArgValue, FindingMetadata, ProcessRef } from '../decode/trace-event.js';
export type { FdDescription, SocketAddress } from '../process/fd-description.js';
export type { ProcessRecord } from '../process/process-tree.js';
export { EntityMap } from './entity-map.js';
export * from './predicates.js';
