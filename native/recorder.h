// SPDX-License-Identifier: Apache-2.0
/*
 * `sysray record`: ring-buffer records written to a recording file
 * (native/record_format.h) by native threads, with no JS per record.
 * native/recorder.c; the tracer's poll thread (native/addon.c) feeds it.
 */
#ifndef SYSRAY_RECORDER_H
#define SYSRAY_RECORDER_H

#include <stddef.h>
#include <stdint.h>

struct recorder;

struct recorder_options {
	const char *path;        /* the file, or with `dir` the directory of sysray-NNNNNN.rec files */
	int dir;
	unsigned long long max_file_bytes; /* dir only: a file past this is closed and the next begun (0: never) */
	unsigned max_files;      /* dir only: older files are deleted past this many (0: keep all) */
	int compress;            /* deflate each chunk (zlib, level 1) */
	const void *head;        /* file head + JSON head + padding, as JS made it for file 0 */
	size_t head_len;
};

struct recorder_stats {
	unsigned long long records, chunks, bytes, raw_bytes, loss_markers;
	unsigned long long unwritten; /* records after a write failed */
	unsigned files;
	int error; /* errno of the first failed write, 0 */
	char error_what[4200];
	char path[4096]; /* the file being written */
};

/* Opens the (first) file and starts the writer thread; -errno with `err` saying what failed. */
int recorder_open(struct recorder **out, const struct recorder_options *o, char *err, size_t err_len);

/* A JSON chunk from JS (SNAPSHOT, POLICIES, END); a sticky one starts every later file too. */
int recorder_control(struct recorder *r, uint16_t kind, const void *payload, size_t len, int sticky);

/* Poll thread: one record of ring `ring` (0 bulk, 1 security), ring header included, `total` bytes. */
int recorder_add(struct recorder *r, int ring, const void *rec, uint32_t total);

/* Poll thread: hands the chunks being filled to the writer when old or full enough (`force`: always). */
int recorder_flush(struct recorder *r, int force);

/* Poll thread: the kernel's stats array, counters[cpu * stats + key]; written when a lost count moved, or `force`. */
int recorder_loss(struct recorder *r, const unsigned long long *counters, unsigned cpus, unsigned stats, int force);

void recorder_stats(struct recorder *r, struct recorder_stats *out);

/* Waits for the writer to write everything queued, then closes the file and frees the recorder. */
void recorder_close(struct recorder *r, struct recorder_stats *final);

#endif
