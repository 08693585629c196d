// SPDX-License-Identifier: Apache-2.0
/*
 * JSON lines from records, in C (record_json.h). The texts come from JS, made
 * by the JSON printer: this file only joins them with the numbers and strings
 * the record holds, formatted as the printer formats them (decimal integers,
 * printable-ASCII strings quoted as they are).
 */
#include "record_json.h"
#include "json_digits.h"

#include <linux/bpf.h>
#include <linux/types.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sysray.h"

#define RJ_MAX_ARGS 32
#define RJ_THREADS 4096 /* a power of two; full, the table starts over */
#define RJ_EVENTS 1024  /* a power of two */
#define RJ_RING_HEADER 8

/* The record's bytes a thread's text is made from (src/decode/task-context-cache.ts, json-printer.ts ThreadText). */
static const struct { uint16_t from, to; } THREAD_KEY[] = {
	{offsetof(struct sysray_event, start_time), offsetof(struct sysray_event, retval)},     /* start time, cgroup */
	{offsetof(struct sysray_event, host_pid), offsetof(struct sysray_event, cpu)},          /* the six ids and uid */
	{offsetof(struct sysray_event, mnt_ns), offsetof(struct sysray_event, flags)},          /* namespaces */
	{offsetof(struct sysray_event, comm), offsetof(struct sysray_event, policies)},         /* comm, uts */
	{offsetof(struct sysray_event, process_start_time), sizeof(struct sysray_event)},       /* entity ids */
};
#define THREAD_KEY_BYTES (16 + 28 + 8 + 88 + 16)

struct rj_bytes {
	uint8_t *p;
	uint32_t n;
};

struct rj_thread {
	uint32_t tid;
	uint32_t epoch; /* 0: empty */
	uint8_t key[THREAD_KEY_BYTES];
	struct rj_bytes start, task, entity;
};

struct rj_event {
	uint32_t gen, kind, used;
	uint64_t mask;
	struct rj_bytes text;
	uint32_t nargs;
	uint8_t open_truth; /* an argument has RJ_OP_OPEN_TRUTH */
	uint8_t op[RJ_MAX_ARGS];
	struct rj_bytes first[RJ_MAX_ARGS], next[RJ_MAX_ARGS];
};

struct rj {
	int64_t clock_offset;
	uint32_t epoch;
	uint32_t nthreads;
	struct rj_thread threads[RJ_THREADS];
	struct rj_event events[RJ_EVENTS];
};

static void bytes_set(struct rj_bytes *b, const uint8_t *p, size_t n)
{
	free(b->p);
	b->p = malloc(n ? n : 1);
	b->n = b->p ? (uint32_t)n : 0;
	if (b->p) memcpy(b->p, p, n);
}

static void key_of(uint8_t *key, const uint8_t *rec)
{
	size_t k = 0;
	for (size_t i = 0; i < sizeof(THREAD_KEY) / sizeof(THREAD_KEY[0]); i++) {
		memcpy(key + k, rec + THREAD_KEY[i].from, THREAD_KEY[i].to - THREAD_KEY[i].from);
		k += THREAD_KEY[i].to - THREAD_KEY[i].from;
	}
}

/* The record's key bytes are `key` (key_of of an earlier record of its thread): compared in place, not copied first. */
static int key_equal(const uint8_t *key, const uint8_t *rec)
{
	size_t k = 0;
	for (size_t i = 0; i < sizeof(THREAD_KEY) / sizeof(THREAD_KEY[0]); i++) {
		size_t n = THREAD_KEY[i].to - THREAD_KEY[i].from;
		if (memcmp(key + k, rec + THREAD_KEY[i].from, n) != 0)
			return 0;
		k += n;
	}
	return 1;
}

static uint32_t u32_at(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t u64_at(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static struct rj_thread *thread_slot(struct rj *rj, uint32_t tid, int insert)
{
	uint32_t h = (tid * 2654435761u) & (RJ_THREADS - 1);
	for (uint32_t i = 0; i < RJ_THREADS; i++, h = (h + 1) & (RJ_THREADS - 1)) {
		struct rj_thread *t = &rj->threads[h];
		if (t->epoch == rj->epoch && t->tid == tid) return t;
		if (t->epoch != rj->epoch) return insert ? t : NULL; /* empty or stale: the probe ends here */
	}
	return NULL;
}

static struct rj_event *event_slot(struct rj *rj, uint32_t gen, uint32_t kind, int insert)
{
	uint32_t h = ((gen * 31u + kind) * 2654435761u) & (RJ_EVENTS - 1);
	for (uint32_t i = 0; i < RJ_EVENTS; i++, h = (h + 1) & (RJ_EVENTS - 1)) {
		struct rj_event *e = &rj->events[h];
		if (e->used && e->gen == gen && e->kind == kind) return e;
		if (!e->used) return insert ? e : NULL;
	}
	return NULL;
}

/* ---- digits: json_digits.h */

static uint8_t *put(uint8_t *o, const struct rj_bytes *b)
{
	memcpy(o, b->p, b->n);
	return o + b->n;
}

#define PUT_LIT(o, s) (memcpy((o), (s), sizeof(s) - 1), (o) + sizeof(s) - 1)

/* ---- one record */

struct arg_blob {
	int status; /* -1: none */
	const uint8_t *data;
	uint32_t len;
	uint8_t truncated, at_exit, replaced;
};

/* What the kernel said of the returned fd (its FD_INFO blob), for an open's kernel value. */
struct returned_file {
	const uint8_t *info; /* NULL: no blob */
	uint32_t len;
};

#define MAX_SAFE_INTEGER ((1ull << 53) - 1)
#define FD_INFO_BYTES sizeof(struct sysray_fd_info)

/*
 * Notes the blobs of one record (`first`: where they start), entry's before
 * event's as the decoder applies them; 0 when one is not for this writer
 * (JS decodes the record).
 */
static int read_blobs(const uint8_t *rec, uint32_t size, uint32_t first, const struct rj_event *ev, struct arg_blob *ab, struct returned_file *rf)
{
	const struct sysray_record_head *head = (const void *)rec;
	uint32_t at = first;
	for (uint32_t n = 0; n < head->nr_blobs && at + sizeof(struct sysray_blob) <= size; n++) {
		struct sysray_blob b;
		memcpy(&b, rec + at, sizeof(b));
		uint32_t data = at + sizeof(b);
		if ((uint64_t)data + b.len > size) return 0;
		if (b.kind == SYSRAY_CAPTURE_FD_INFO) {
			if (b.status == SYSRAY_BLOB_REPLACED && b.arg < ev->nargs) ab[b.arg].replaced = 1;
			else if (b.arg == SYSRAY_BLOB_ARG_RETVAL) {
				rf->info = rec + data;
				rf->len = b.len;
			}
		} else if (b.kind == SYSRAY_CAPTURE_CWD || b.kind == SYSRAY_CAPTURE_WRITTEN || b.kind == SYSRAY_CAPTURE_KERNEL_PERF_ATTR || b.arg >= ev->nargs) {
			/* not written to JSON (the kernel truth and derived events are JS's) */
		} else {
			/* only strings are read here; other captures are decoded by JS */
			if (RJ_OP_KIND(ev->op[b.arg]) != RJ_OP_STRING) return 0;
			struct arg_blob *a = &ab[b.arg];
			switch (b.status) {
			case SYSRAY_BLOB_NULL:
			case SYSRAY_BLOB_FAULT:
				a->status = b.status;
				break;
			case SYSRAY_BLOB_OK:
			case SYSRAY_BLOB_TRUNCATED:
			case SYSRAY_BLOB_OK_AT_EXIT:
			case SYSRAY_BLOB_DEFERRED:
				for (uint32_t i = 0; i < b.len; i++) {
					uint8_t c = rec[data + i];
					if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return 0; /* escapes, UTF-8: JS */
				}
				a->status = b.status;
				a->data = rec + data;
				a->len = b.len;
				if (b.status == SYSRAY_BLOB_TRUNCATED) a->truncated = 1;
				if (b.status == SYSRAY_BLOB_OK_AT_EXIT || b.status == SYSRAY_BLOB_DEFERRED) a->at_exit = 1;
				break;
			default:
				return 0;
			}
		}
		at = data + ((b.len + 7) & ~7u);
	}
	return 1;
}

/*
 * An open's kernel value, when this writer can say it as paths.ts would: the
 * returned fd's regular file, its name plain ASCII, the name read at entry
 * or deferred (no race to judge). 0: JS's. `*path_len` 0: no kernel value
 * (the open failed).
 */
static int open_truth(const uint8_t *rec, const struct rj_event *ev, const struct arg_blob *ab, const struct returned_file *rf, uint32_t *path_len)
{
	*path_len = 0;
	if ((int64_t)u64_at(rec + offsetof(struct sysray_event, retval)) < 0) return 1;
	if (!rf->info || rf->len <= FD_INFO_BYTES) return 0;
	const struct sysray_fd_info *fi = (const void *)rf->info;
	if (fi->kind != SYSRAY_FD_FILE || fi->ino > MAX_SAFE_INTEGER) return 0;
	const uint8_t *path = rf->info + FD_INFO_BYTES;
	uint32_t n = rf->len - FD_INFO_BYTES;
	if (n >= 7 && memcmp(path, "/memfd:", 7) == 0) return 0; /* named as a memfd */
	for (uint32_t i = 0; i < n; i++)
		if (path[i] < 0x20 || path[i] > 0x7e || path[i] == '"' || path[i] == '\\') return 0;
	for (uint32_t i = 0; i < ev->nargs; i++) {
		if (!(ev->op[i] & RJ_OP_OPEN_TRUTH)) continue;
		/* a name unreadable, or read only at exit after a fault: a race to judge */
		if (ab[i].status == SYSRAY_BLOB_FAULT || ab[i].status == SYSRAY_BLOB_OK_AT_EXIT) return 0;
	}
	*path_len = n;
	return 1;
}

/* The line's most bytes, for the room check. */
static size_t line_bound(const struct rj_thread *t, const struct rj_event *ev, const struct arg_blob *ab, uint32_t kernel_path)
{
	size_t n = 16 + 21 + t->start.n + 11 + t->task.n + ev->text.n + 21 + t->entity.n + 4 + kernel_path + 80;
	for (uint32_t i = 0; i < ev->nargs; i++) n += ev->next[i].n + 21 + 64 + (ab[i].status >= 0 ? ab[i].len + 2 : 0);
	return n;
}

static uint8_t *write_line(struct rj *rj, uint8_t *o, const uint8_t *rec, const struct rj_thread *t, const struct rj_event *ev, const struct arg_blob *ab, const struct returned_file *rf, uint32_t kernel_path)
{
	o = PUT_LIT(o, "{\"timestamp\":");
	o = json_s64_digits(o, (int64_t)(u64_at(rec + offsetof(struct sysray_event, timestamp)) + (uint64_t)rj->clock_offset));
	o = put(o, &t->start);
	o = json_u64_digits(o, u32_at(rec + offsetof(struct sysray_event, cpu)));
	o = put(o, &t->task);
	o = put(o, &ev->text);
	o = json_s64_digits(o, (int64_t)u64_at(rec + offsetof(struct sysray_event, retval)));
	o = put(o, &t->entity);
	if (ev->nargs == 0) return PUT_LIT(o, "]}\n");
	for (uint32_t i = 0; i < ev->nargs; i++) {
		o = put(o, i ? &ev->next[i] : &ev->first[i]);
		uint64_t reg = i < SYSRAY_MAX_ARGS ? u64_at(rec + offsetof(struct sysray_event, args) + i * 8) : 0;
		const struct arg_blob *a = &ab[i];
		switch (RJ_OP_KIND(ev->op[i])) {
		case RJ_OP_S32:
			o = json_s64_digits(o, (int32_t)(uint32_t)reg);
			break;
		case RJ_OP_U32:
			o = json_u64_digits(o, (uint32_t)reg);
			break;
		case RJ_OP_S64:
			o = json_s64_digits(o, (int64_t)reg);
			break;
		case RJ_OP_U64:
			o = json_u64_digits(o, reg);
			break;
		case RJ_OP_BOOL:
			o = (uint32_t)reg ? PUT_LIT(o, "true") : PUT_LIT(o, "false");
			break;
		case RJ_OP_NULL:
			o = PUT_LIT(o, "null");
			break;
		case RJ_OP_STRING:
		case RJ_OP_ADDRESS:
			if (a->status == SYSRAY_BLOB_NULL || a->status == SYSRAY_BLOB_FAULT) {
				o = a->status == SYSRAY_BLOB_NULL ? PUT_LIT(o, "null,\"unreadable\":\"null\",\"address\":") : PUT_LIT(o, "null,\"unreadable\":\"fault\",\"address\":");
				o = json_u64_digits(o, reg);
			} else if (a->status >= 0) {
				*o++ = '"';
				memcpy(o, a->data, a->len);
				o += a->len;
				*o++ = '"';
			} else {
				o = json_u64_digits(o, reg);
			}
			break;
		}
		if (a->truncated) o = PUT_LIT(o, ",\"truncated\":true");
		if (a->at_exit) o = PUT_LIT(o, ",\"readAtExit\":true");
		if (a->replaced) o = PUT_LIT(o, ",\"fdReplaced\":true");
		if (kernel_path && (ev->op[i] & RJ_OP_OPEN_TRUTH)) {
			const struct sysray_fd_info *fi = (const void *)rf->info;
			o = PUT_LIT(o, ",\"kernelValue\":\"");
			memcpy(o, rf->info + FD_INFO_BYTES, kernel_path);
			o += kernel_path;
			o = PUT_LIT(o, "\",\"kernelFile\":{\"dev\":");
			o = json_u64_digits(o, fi->dev);
			o = PUT_LIT(o, ",\"inode\":");
			o = json_u64_digits(o, fi->ino);
			*o++ = '}';
		}
	}
		return PUT_LIT(o, "}]}\n");
}

/* ---- N-API */

static struct rj *rj_of(napi_env env, napi_value v)
{
	void *p = NULL;
	napi_get_value_external(env, v, &p);
	return p;
}

static void rj_finalize(napi_env env, void *data, void *hint)
{
	struct rj *rj = data;
	for (int i = 0; i < RJ_THREADS; i++) {
		free(rj->threads[i].start.p);
		free(rj->threads[i].task.p);
		free(rj->threads[i].entity.p);
	}
	for (int i = 0; i < RJ_EVENTS; i++) {
		free(rj->events[i].text.p);
		for (int a = 0; a < RJ_MAX_ARGS; a++) {
			free(rj->events[i].first[a].p);
			free(rj->events[i].next[a].p);
		}
	}
	free(rj);
}

static void *buffer_of(napi_env env, napi_value v, size_t *len)
{
	void *p = NULL;
	bool is = false;
	napi_is_typedarray(env, v, &is);
	if (is) {
		napi_typedarray_type type;
		size_t n, off;
		napi_value ab;
		napi_get_typedarray_info(env, v, &type, &n, &p, &ab, &off);
		*len = n;
		return p;
	}
	*len = 0;
	return NULL;
}

/* recordJsonOpen(clockOffset: bigint) → handle */
static napi_value js_open(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], out;
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	int64_t offset = 0;
	bool lossless;
	napi_get_value_bigint_int64(env, argv[0], &offset, &lossless);
	struct rj *rj = calloc(1, sizeof(*rj));
	if (!rj) {
		napi_throw_error(env, NULL, "recordJsonOpen: out of memory");
		return NULL;
	}
	rj->clock_offset = offset;
	rj->epoch = 1;
	napi_create_external(env, rj, rj_finalize, NULL, &out);
	return out;
}

/* recordJsonThread(h, record: Uint8Array (the event record, head first), start, task, entity) → true when the table started over */
static napi_value js_thread(napi_env env, napi_callback_info info)
{
	size_t argc = 5;
	napi_value argv[5];
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	struct rj *rj = rj_of(env, argv[0]);
	size_t n, ns, nt, ne;
	const uint8_t *rec = buffer_of(env, argv[1], &n);
	const uint8_t *s = buffer_of(env, argv[2], &ns), *tk = buffer_of(env, argv[3], &nt), *en = buffer_of(env, argv[4], &ne);
	if (!rj || !rec || n < sizeof(struct sysray_event)) return NULL;
	bool over = rj->nthreads >= RJ_THREADS / 2;
	if (over) {
		/* half full: start over, as the printer's own cache does */
		rj->epoch++;
		rj->nthreads = 0;
	}
	napi_value started_over;
	napi_get_boolean(env, over, &started_over);
	uint32_t tid = u32_at(rec + offsetof(struct sysray_event, host_tid));
	struct rj_thread *t = thread_slot(rj, tid, 1);
	if (!t) return NULL;
	if (t->epoch != rj->epoch) rj->nthreads++;
	t->tid = tid;
	t->epoch = rj->epoch;
	key_of(t->key, rec);
	bytes_set(&t->start, s, ns);
	bytes_set(&t->task, tk, nt);
	bytes_set(&t->entity, en, ne);
	return started_over;
}

/*
 * recordJsonEvent(h, generation, kind, mask: bigint, text, plan: [nargs, ops...,
 * then per arg u16 len + first prefix, u16 len + next prefix]) → true when the
 * table started over (what was registered before is gone).
 */
static napi_value js_event(napi_env env, napi_callback_info info)
{
	size_t argc = 6;
	napi_value argv[6];
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	struct rj *rj = rj_of(env, argv[0]);
	uint32_t gen, kind;
	uint64_t mask;
	bool lossless;
	napi_get_value_uint32(env, argv[1], &gen);
	napi_get_value_uint32(env, argv[2], &kind);
	napi_get_value_bigint_uint64(env, argv[3], &mask, &lossless);
	size_t nt, np;
	const uint8_t *text = buffer_of(env, argv[4], &nt), *plan = buffer_of(env, argv[5], &np);
	if (!rj || !text || !plan || np < 1) return NULL;
	uint32_t nargs = plan[0];
	if (nargs > RJ_MAX_ARGS || np < 1 + nargs) return NULL;
	struct rj_event *e = event_slot(rj, gen, kind, 1);
	napi_value started_over;
	napi_get_boolean(env, e == NULL, &started_over);
	if (!e) {
		/* full (many reloads): start over; JS registers again what it writes */
		for (int i = 0; i < RJ_EVENTS; i++) rj->events[i].used = 0;
		e = event_slot(rj, gen, kind, 1);
	}
	size_t at = 1 + nargs;
	for (uint32_t i = 0; i < nargs; i++) {
		for (int which = 0; which < 2; which++) {
			if (at + 2 > np) return NULL;
			uint32_t len = plan[at] | (plan[at + 1] << 8);
			at += 2;
			if (at + len > np) return NULL;
			bytes_set(which ? &e->next[i] : &e->first[i], plan + at, len);
			at += len;
		}
		e->op[i] = plan[1 + i];
	}
	e->open_truth = 0;
	for (uint32_t i = 0; i < nargs; i++)
		if (e->op[i] & RJ_OP_OPEN_TRUTH) e->open_truth = 1;
	e->nargs = nargs;
	e->gen = gen;
	e->kind = kind;
	e->mask = mask;
	bytes_set(&e->text, text, nt);
	e->used = 1;
	return started_over;
}

/* recordJsonForget(h): the thread texts are stale (an exec, a fork, a container: the process tree changed) */
static napi_value js_forget(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1];
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	struct rj *rj = rj_of(env, argv[0]);
	if (rj) {
		rj->epoch++;
		rj->nthreads = 0;
	}
	return NULL;
}

/* The record at `at` of the batch, its ring header checked; NULL when it is not whole. */
static const uint8_t *record_at(const uint8_t *batch, size_t len, uint32_t at, uint32_t *next, uint32_t *size, int *discarded)
{
	if (at + RJ_RING_HEADER > len) return NULL;
	uint32_t header = u32_at(batch + at);
	uint32_t rlen = header & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
	*next = at + ((RJ_RING_HEADER + rlen + 7) & ~7u);
	if (*next > len || (header & BPF_RINGBUF_BUSY_BIT)) return NULL;
	*discarded = (header & BPF_RINGBUF_DISCARD_BIT) != 0;
	const uint8_t *rec = batch + at + RJ_RING_HEADER;
	*size = rlen >= sizeof(struct sysray_record_head) ? u32_at(rec) : 0;
	if (*size < sizeof(struct sysray_record_head) || *size > rlen) return NULL;
	return rec;
}

/*
 * Entries written here with their events. Threads' records interleave in a
 * ring (two CPUs, or a thread blocked in a syscall), so an ENTRY is kept by
 * its offset until its thread's EVENT comes. Those still kept when it stops
 * go back to JS in state (RJ_STATE_CARRIED), which holds them as its own.
 */
struct carried {
	uint32_t n;
	uint32_t tid[RJ_MAX_CARRIED];
	uint32_t at[RJ_MAX_CARRIED]; /* the record's offset in the batch (its head) */
};

static int carried_find(const struct carried *c, uint32_t tid)
{
	for (uint32_t i = 0; i < c->n; i++)
		if (c->tid[i] == tid) return (int)i;
	return -1;
}

static void carried_drop(struct carried *c, uint32_t i)
{
	/* kept in batch order: JS holds them in that order */
	for (; i + 1 < c->n; i++) {
		c->tid[i] = c->tid[i + 1];
		c->at[i] = c->at[i + 1];
	}
	c->n--;
}

/*
 * The entries JS holds (an EVENT in a later batch, or one it decoded first):
 * with their bytes (JS copies them back to back, each padded to 8), the C
 * writer writes their events too, and marks them used for JS to drop.
 */
struct held {
	const int32_t *tid;
	size_t n;
	int bytes; /* the records came too */
	const uint8_t *rec[RJ_MAX_HELD];
	uint32_t size[RJ_MAX_HELD];
	uint64_t used;
};

/* Reads JS's copies; 0 if they are not the `n` entry records of the tids. */
static int held_read(struct held *h, const uint8_t *bytes, size_t len)
{
	h->bytes = len > 0;
	if (!h->bytes) return 1;
	if (h->n > RJ_MAX_HELD) return 0;
	size_t at = 0;
	for (size_t i = 0; i < h->n; i++) {
		if (at + sizeof(struct sysray_entry_record) > len) return 0;
		const struct sysray_entry_record *e = (const void *)(bytes + at);
		uint32_t size = e->head.size;
		if (size < sizeof(*e) || at + size > len || e->host_tid != (uint32_t)h->tid[i] || e->head.type != SYSRAY_RECORD_ENTRY) return 0;
		h->rec[i] = bytes + at;
		h->size[i] = size;
		at += (size + 7) & ~7u;
	}
	return 1;
}

/* The index of tid's entry JS holds and the writer did not use, or -1. */
static int held_find(const struct held *h, uint32_t tid)
{
	for (size_t i = 0; i < h->n; i++)
		if ((uint32_t)h->tid[i] == tid && !(h->used >> i & 1)) return (int)i;
	return -1;
}

/*
 * recordJsonEncode(h, batch, from, out: Buffer, used, state: Int32Array,
 * held: Int32Array, heldBytes: Buffer) → the offset it stopped at; state =
 * [used, events written, why it stopped, entries carried, their offsets...,
 * held entries used (2 words), until (2 words, see record_json.h)]. The carried entries are read back in on the
 * next call (an output buffer filled) and are JS's once it returns END or
 * RECORD. `held`: the threads JS holds an entry of; `heldBytes`: those
 * entries' records (struct held), or empty: then JS decodes their events.
 */
static napi_value js_encode(napi_env env, napi_callback_info info)
{
	size_t argc = 8;
	napi_value argv[8], ret;
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	struct rj *rj = rj_of(env, argv[0]);
	size_t len, cap, nstate;
	const uint8_t *batch = buffer_of(env, argv[1], &len);
	uint32_t from, used;
	napi_get_value_uint32(env, argv[2], &from);
	uint8_t *out = buffer_of(env, argv[3], &cap);
	napi_get_value_uint32(env, argv[4], &used);
	int32_t *state = buffer_of(env, argv[5], &nstate);
	size_t nbytes = 0;
	struct held h;
	h.tid = buffer_of(env, argv[6], &h.n);
	const uint8_t *held_bytes = argc > 7 ? buffer_of(env, argv[7], &nbytes) : NULL;
	if (!rj || !batch || !out || !state || (!h.tid && h.n > 0) || nstate < RJ_STATE_WORDS || used > cap || (uint32_t)state[RJ_STATE_CARRIED] > RJ_MAX_CARRIED ||
	    !held_read(&h, held_bytes, held_bytes ? nbytes : 0)) {
		napi_throw_error(env, NULL, "recordJsonEncode: bad arguments");
		return NULL;
	}
	h.used = (uint64_t)(uint32_t)state[RJ_STATE_HELD_USED] | (uint64_t)(uint32_t)state[RJ_STATE_HELD_USED + 1] << 32;
	const uint64_t until = (uint64_t)(uint32_t)state[RJ_STATE_UNTIL] | (uint64_t)(uint32_t)state[RJ_STATE_UNTIL + 1] << 32;
	struct carried c;
	c.n = (uint32_t)state[RJ_STATE_CARRIED];
	for (uint32_t i = 0; i < c.n; i++) {
		c.at[i] = (uint32_t)state[RJ_STATE_CARRIED + 1 + i];
		c.tid[i] = c.at[i] + sizeof(struct sysray_entry_record) <= len ? ((const struct sysray_entry_record *)(batch + c.at[i]))->host_tid : 0;
	}
	struct arg_blob ab[RJ_MAX_ARGS];
	uint32_t at = from, events = 0;
	int why = RJ_STOP_END;
	while (at + RJ_RING_HEADER <= len) {
		uint32_t next, size, esize = 0;
		int discarded, slot = -1, hslot = -1;
		const uint8_t *rec = record_at(batch, len, at, &next, &size, &discarded), *entry = NULL;
		if (!rec) { why = RJ_STOP_RECORD; break; }
		if (discarded) {
			at = next;
			continue;
		}
		const struct sysray_record_head *head = (const void *)rec;
		if (head->type == SYSRAY_RECORD_ENTRY) {
			/* kept for its event; a thread's second entry (an orphan), or one JS holds the thread of, is JS's to count */
			if (size < sizeof(struct sysray_entry_record) || c.n == RJ_MAX_CARRIED) { why = RJ_STOP_RECORD; break; }
			uint32_t etid = ((const struct sysray_entry_record *)rec)->host_tid;
			if (carried_find(&c, etid) >= 0 || held_find(&h, etid) >= 0) { why = RJ_STOP_RECORD; break; }
			c.tid[c.n] = etid;
			c.at[c.n++] = at + RJ_RING_HEADER;
			at = next;
			continue;
		}
		if (head->type != SYSRAY_RECORD_EVENT || size < sizeof(struct sysray_event)) { why = RJ_STOP_RECORD; break; }
		/* the other ring's earlier events go first: JS works them, then calls again */
		if (u64_at(rec + offsetof(struct sysray_event, timestamp)) > until) { why = RJ_STOP_RECORD; break; }
		uint32_t flags = u32_at(rec + offsetof(struct sysray_event, flags));
		uint32_t tid = u32_at(rec + offsetof(struct sysray_event, host_tid));
		uint32_t kind = u32_at(rec + offsetof(struct sysray_event, event_id));
		slot = carried_find(&c, tid);
		if (flags & SYSRAY_EVENT_HAS_ENTRY) {
			/* its entry lost, JS's without its bytes, or of another syscall (an orphan JS counts): JS's */
			if (slot >= 0) {
				entry = batch + c.at[slot];
				esize = u32_at(entry);
				if (esize < sizeof(struct sysray_entry_record) || c.at[slot] + esize > len) { why = RJ_STOP_RECORD; break; }
			} else if (h.bytes && (hslot = held_find(&h, tid)) >= 0) {
				entry = h.rec[hslot];
				esize = h.size[hslot];
			} else { why = RJ_STOP_RECORD; break; }
			if (((const struct sysray_entry_record *)entry)->syscall_nr != kind) { why = RJ_STOP_RECORD; break; }
		} else if (slot >= 0) { why = RJ_STOP_RECORD; break; } /* an event after an entry of its thread that is not its own */
		const struct rj_event *ev = event_slot(rj, u32_at(rec + offsetof(struct sysray_event, generation)), kind, 0);
		if (!ev || ev->mask != u64_at(rec + offsetof(struct sysray_event, policies))) { why = RJ_STOP_RECORD; break; }
		const struct rj_thread *t = thread_slot(rj, tid, 0);
		if (!t) { why = RJ_STOP_RECORD; break; }
		if (!key_equal(t->key, rec)) { why = RJ_STOP_RECORD; break; }
		int lost = (flags & SYSRAY_EVENT_ENTRY_LOST) != 0;
		for (uint32_t i = 0; i < ev->nargs; i++) {
			ab[i].status = -1;
			ab[i].truncated = ab[i].at_exit = ab[i].replaced = 0;
			/* an argument captured at entry, and the entry lost: JS says so */
			if (lost && !(ev->op[i] & RJ_OP_EXIT) && (RJ_OP_KIND(ev->op[i]) == RJ_OP_STRING || RJ_OP_KIND(ev->op[i]) == RJ_OP_ADDRESS)) why = RJ_STOP_RECORD;
		}
		if (why == RJ_STOP_RECORD) break;
		/* no arguments: the decoder reads no blob either */
		struct returned_file rf = {NULL, 0};
		uint32_t kernel_path = 0;
		if (ev->nargs > 0 && entry && !read_blobs(entry, esize, sizeof(struct sysray_entry_record), ev, ab, &rf)) { why = RJ_STOP_RECORD; break; }
		if (ev->nargs > 0 && !read_blobs(rec, size, sizeof(struct sysray_event), ev, ab, &rf)) { why = RJ_STOP_RECORD; break; }
		if (ev->open_truth && !open_truth(rec, ev, ab, &rf, &kernel_path)) { why = RJ_STOP_RECORD; break; }
		if (used + line_bound(t, ev, ab, kernel_path) > cap) { why = RJ_STOP_ROOM; break; }
		used = (uint32_t)(write_line(rj, out + used, rec, t, ev, ab, &rf, kernel_path) - out);
		if (slot >= 0 && entry) carried_drop(&c, (uint32_t)slot);
		if (hslot >= 0) h.used |= 1ull << hslot;
		events++;
		at = next;
	}
	state[0] = (int32_t)used;
	state[1] = (int32_t)events;
	state[2] = why;
	state[RJ_STATE_CARRIED] = (int32_t)c.n;
	for (uint32_t i = 0; i < c.n; i++) state[RJ_STATE_CARRIED + 1 + i] = (int32_t)c.at[i];
	state[RJ_STATE_HELD_USED] = (int32_t)(uint32_t)h.used;
	state[RJ_STATE_HELD_USED + 1] = (int32_t)(uint32_t)(h.used >> 32);
	napi_create_uint32(env, at, &ret);
	return ret;
}

napi_value record_json_init(napi_env env, napi_value exports)
{
	napi_property_descriptor props[] = {
		{"recordJsonOpen", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
		{"recordJsonThread", NULL, js_thread, NULL, NULL, NULL, napi_default, NULL},
		{"recordJsonEvent", NULL, js_event, NULL, NULL, NULL, napi_default, NULL},
		{"recordJsonForget", NULL, js_forget, NULL, NULL, NULL, napi_default, NULL},
		{"recordJsonEncode", NULL, js_encode, NULL, NULL, NULL, napi_default, NULL},
	};
	napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
	return exports;
}
