// SPDX-License-Identifier: Apache-2.0
/*
 * `-o json` lines written in C from the kernel's records, for the event kinds
 * src/output/record-json.ts writes from bytes (no user-space check needs them
 * as objects). It knows only what JS registered: each thread's text and each
 * (generation, event, policy mask)'s event text and argument plan, made by the
 * JSON printer itself, so the bytes are the printer's. Whatever it does not
 * know, or cannot write (an ENTRY record, an entry-captured argument, a blob it
 * does not read), it leaves to JS: it stops at that record.
 */
#ifndef SYSRAY_RECORD_JSON_H
#define SYSRAY_RECORD_JSON_H

#include <node_api.h>

/* How an argument's value is written (src/output/record-json.ts ArgOp). */
#define RJ_OP_S32 1
#define RJ_OP_U32 2
#define RJ_OP_S64 3
#define RJ_OP_U64 4    /* u64, pointers */
#define RJ_OP_BOOL 5
#define RJ_OP_NULL 6   /* no register (derived, or past the six): null unless a blob fills it */
#define RJ_OP_STRING 7 /* captured string: its blob, else the address */
#define RJ_OP_ADDRESS 8 /* captured other: the address when no blob came */
#define RJ_OP_EXIT 0x80 /* with STRING/ADDRESS: captured at exit, so an entry loss does not touch it */
/*
 * With STRING: an open's pathname, whose kernel value is the file the returned
 * fd holds (src/decode/kernel-truth/paths.ts). Written here only in the
 * common case (a regular file, its name read at entry or deferred); a race to
 * judge is JS's.
 */
#define RJ_OP_OPEN_TRUTH 0x40
#define RJ_OP_KIND(op) ((op) & 0x3f)

/* Why rjEncode stopped (its state[2]). */
#define RJ_STOP_END 0    /* the batch's end */
#define RJ_STOP_RECORD 1 /* a record for JS */
#define RJ_STOP_ROOM 2   /* the output buffer is full */

/*
 * rjEncode's state: used, events, why, the entries carried (count, offsets),
 * which of the entries JS held it wrote (a bit each, two words), then the
 * boot time (lo, hi) after which an EVENT record is JS's: the other ring
 * has an event due first (EventPipeline.pushInOrder).
 */
#define RJ_STATE_CARRIED 3
#define RJ_MAX_CARRIED 64
#define RJ_STATE_HELD_USED (RJ_STATE_CARRIED + 1 + RJ_MAX_CARRIED)
#define RJ_MAX_HELD 64
#define RJ_STATE_UNTIL (RJ_STATE_HELD_USED + 2)
#define RJ_STATE_WORDS (RJ_STATE_UNTIL + 2)

/* Adds recordJsonOpen, recordJsonThread, recordJsonEvent, recordJsonForget and recordJsonEncode to `exports`. */
napi_value record_json_init(napi_env env, napi_value exports);

#endif
