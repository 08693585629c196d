/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The recording file of `sysray record` (native/recorder.c writes it,
 * src/record/recording-reader.ts reads it): the one place its layout is
 * defined. All integers are little-endian.
 *
 *   file   := file_head  json_head  pad8  chunk*
 *   chunk  := chunk_head payload    pad8
 *
 * file_head: struct sysray_rec_file_head. json_head: json_bytes of UTF-8
 * JSON written by JS (src/record/recording-header.ts): format version,
 * kernel release, machine, boot id, clock offset, sysray's version, the
 * layout hash, options. Every file of a rotated recording starts the same,
 * but for file_index, created_ns and head_crc; the sticky chunks (the
 * snapshot, the policies in force) follow it again in every file, so each
 * file can be read alone.
 *
 * chunk_head: struct sysray_rec_chunk_head. Its head_crc lets a reader tell
 * a chunk from garbage and find the next one after a corrupted stretch
 * (chunks start 8-aligned with SYSRAY_REC_CHUNK_MAGIC); payload_crc covers
 * the stored payload. A file whose last chunk is short was cut (killed,
 * disk full): what precedes it is whole.
 *
 * Chunk kinds:
 *   RECORDS_BULK, RECORDS_SECURITY: the records of that ring buffer exactly
 *     as the kernel wrote them, each with its 8-byte ring header
 *     (u32 len, u32 pg_off; bpf/sysray.h's records follow), 8-aligned: what
 *     the tracer hands to src/decode/batch-decoder.ts. count: records;
 *     first_ns/last_ns: the least and greatest event timestamp (boot clock)
 *     among them (0 when none has one).
 *   LOSS: struct sysray_rec_loss then u64 counters[cpus][stats], the
 *     kernel's "stats" array (bpf/sysray.h SYSRAY_STAT_*) as it stood at
 *     boot_ns, cumulative. Written whenever a lost counter moved since the
 *     last one, so a gap in the records sits between two markers; and once
 *     at the end with the totals.
 *   SNAPSHOT, POLICIES, END: JSON from JS (src/record/recording-header.ts).
 *     END closes a recording that was stopped, not cut.
 * flags: SYSRAY_REC_DEFLATE: the payload is zlib (RFC 1950) compressed;
 * raw_bytes is its size inflated.
 */
#ifndef SYSRAY_RECORD_FORMAT_H
#define SYSRAY_RECORD_FORMAT_H

#include <linux/types.h>

#define SYSRAY_REC_MAGIC "SYSRAYRC" /* 8 bytes, no NUL */
#define SYSRAY_REC_VERSION 1

struct sysray_rec_file_head {
	char magic[8];
	__u32 version;      /* SYSRAY_REC_VERSION */
	__u32 json_bytes;   /* the JSON that follows, before its padding */
	__u32 file_index;   /* 0, then +1 per rotated file */
	__u32 json_crc;     /* crc32 of the JSON */
	__u64 recording_id; /* the same in every file of one recording */
	__u64 created_ns;   /* realtime ns this file was started */
	__u8 reserved[20];
	__u32 head_crc;     /* crc32 of the 60 bytes before it */
};

#define SYSRAY_REC_CHUNK_MAGIC 0x4b435253u /* "SRCK" */

#define SYSRAY_REC_RECORDS_BULK 1
#define SYSRAY_REC_RECORDS_SECURITY 2
#define SYSRAY_REC_LOSS 3
#define SYSRAY_REC_SNAPSHOT 16
#define SYSRAY_REC_POLICIES 17
#define SYSRAY_REC_END 18

#define SYSRAY_REC_DEFLATE 1

struct sysray_rec_chunk_head {
	__u32 magic;        /* SYSRAY_REC_CHUNK_MAGIC */
	__u16 kind;         /* SYSRAY_REC_* */
	__u16 flags;        /* SYSRAY_REC_DEFLATE */
	__u32 stored_bytes; /* payload in the file, before padding */
	__u32 raw_bytes;    /* payload inflated (= stored_bytes when not deflated) */
	__u32 count;        /* records (RECORDS_*), else 0 */
	__u32 payload_crc;  /* crc32 of the stored payload */
	__u64 first_ns;     /* boot-clock ns: see above */
	__u64 last_ns;
	__u32 seq;          /* chunk number in its file, from 0 */
	__u32 head_crc;     /* crc32 of the 44 bytes before it */
};

struct sysray_rec_loss {
	__u64 boot_ns;
	__u32 cpus;
	__u32 stats; /* SYSRAY_STAT_COUNT when written */
};

#endif
