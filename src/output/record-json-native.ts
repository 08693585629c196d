/**
 * Typed access to the addon's JSON writer (native/record_json.c): lines
 * written in C from records, with the texts JS registered (record-json.ts).
 * ArgOp mirrors record_json.h's RJ_OP_*; a wrong one shows as a byte
 * difference in record-json.test.ts.
 */
import { loadAddonPart } from '../tracer/native-addon.js';
import { isExitCapture, type ArgSpec } from '../events/catalog-types.js';
import { MAX_ARGS } from '../decode/record-layout.js';

export type RecordJsonHandle = { readonly __brand: 'sysray-record-json' };

export const ArgOp = { s32: 1, u32: 2, s64: 3, u64: 4, bool: 5, null: 6, string: 7, address: 8, openTruthBit: 0x40, exitBit: 0x80 } as const;

/**
 * The opens, whose pathname's kernel value (kernel-truth/paths.ts) the C
 * writer says in the common case: the returned fd's regular file, the name
 * read at entry. Any other case it hands back, and the event is decoded.
 */
export const OPEN_TRUTH_KINDS: ReadonlySet<string> = new Set(['open', 'openat', 'openat2', 'creat']);
/** Why recordJsonEncode stopped (its state[2]). */
export const EncodeStop = { end: 0, record: 1, room: 2 } as const;
/**
 * recordJsonEncode's state (native/record_json.h): used, events, why, the
 * entries it carries (count, offsets), which held entries it wrote (two
 * words of bits), then the boot time (lo, hi words) after which an EVENT
 * record is left to JS (TimeBarrier).
 */
const CARRIED_AT = 3;
const MAX_CARRIED = 64;
const HELD_USED_AT = CARRIED_AT + 1 + MAX_CARRIED;
const UNTIL_AT = HELD_USED_AT + 2;
export const EncodeState = { carried: CARRIED_AT, heldUsed: HELD_USED_AT, until: UNTIL_AT, words: UNTIL_AT + 2 } as const;

export interface RecordJsonNative {
  recordJsonOpen(clockOffset: bigint): RecordJsonHandle;
  /** The thread of `record` (an event record, head first) has these texts; true: the table started over. */
  recordJsonThread(h: RecordJsonHandle, record: Uint8Array, start: Uint8Array, task: Uint8Array, entity: Uint8Array): boolean;
  /** Events of `kind` under `generation` with this mask have this text and argument plan; true: the table started over. */
  recordJsonEvent(h: RecordJsonHandle, generation: number, kind: number, mask: bigint, text: Uint8Array, plan: Uint8Array): boolean;
  /** Every thread text is stale (the process tree changed). */
  recordJsonForget(h: RecordJsonHandle): void;
  /**
   * Lines of the records from `from` into `out` at `used`; returns where it
   * stopped; state = [used, events, EncodeStop, entries carried, their
   * offsets...] (EncodeState). ENTRY records wait in it for their thread's
   * EVENT; those left when it returns END or RECORD are the decoder's. `held`:
   * the threads the decoder holds an entry of; `heldBytes`: their records
   * (HeldEntries), whose events it writes too, or empty.
   */
  recordJsonEncode(h: RecordJsonHandle, batch: Uint8Array, from: number, out: Uint8Array, used: number, state: Int32Array, held: Int32Array, heldBytes: Uint8Array): number;
}

let native: RecordJsonNative | null | undefined;

/** The writer, or null when the addon is not built (lines are then written by record-json.ts alone). */
export function loadRecordJsonNative(): RecordJsonNative | null {
  if (native === undefined) native = loadAddonPart<RecordJsonNative>('recordJsonEncode');
  return native;
}

/** How the C writer writes argument `index` of event `event`: from the catalog's kind, as registerValue reads it. */
export function argOp(event: string, spec: ArgSpec, index: number): number {
  const op = kindOp(spec, index);
  return OPEN_TRUTH_KINDS.has(event) && spec.name === 'pathname' && (op & 0x3f) === ArgOp.string ? op | ArgOp.openTruthBit : op;
}

function kindOp(spec: ArgSpec, index: number): number {
  if (index >= MAX_ARGS) return ArgOp.null;
  switch (spec.kind) {
    case 's32':
      return ArgOp.s32;
    case 'u32':
      return ArgOp.u32;
    case 's64':
      return ArgOp.s64;
    case 'u64':
    case 'pointer':
      return ArgOp.u64;
    case 'bool':
      return ArgOp.bool;
    case 'derived':
      return ArgOp.null;
    case 'captured': {
      const op = spec.capture === 'string' || spec.capture === 'fsconfigValue' ? ArgOp.string : ArgOp.address;
      return isExitCapture(spec.capture) ? op | ArgOp.exitBit : op;
    }
  }
}
