// SPDX-License-Identifier: Apache-2.0
/*
 * The recording writer (native/recorder.h; the file: native/record_format.h).
 *
 * The poll thread copies each record out of the ring into the chunk being
 * filled for that ring and gives the ring space back at once: the kernel
 * never waits on disk or on JS. Full (or REC_MAX_AGE_NS old) chunks go to
 * the writer thread through a queue; their buffers come from a fixed pool,
 * so a disk slower than the kernel holds the poll thread back, the ring
 * fills, and the kernel counts what it could not reserve (a LOSS marker
 * then says so in the file). The writer compresses (optionally), checksums
 * and writes; on rotation it begins the next file with the head and the
 * sticky chunks again. A failed write (ENOSPC, EFBIG) is kept: nothing more
 * is written, the file stays readable up to its last whole chunk, and the
 * records that would have followed are counted `unwritten`.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <linux/types.h>
#include "sysray.h"
#include "record_format.h"
#include "recorder.h"

#define REC_CHUNK_BYTES (1u << 20)
/* chunk buffers: what the writer may be behind by (16 MiB) */
#define REC_POOL 16
/* a chunk older than this goes to disk even if not full: a cut file loses at most this much */
#define REC_MAX_AGE_NS (200ull * 1000 * 1000)
#define REC_QUEUE 64
#define REC_STICKY 64
#define REC_RING_BULK 0
#define REC_RING_SECURITY 1
/* ring header (u32 len, u32 pg_off) before each record's data */
#define REC_RING_HDR 8

_Static_assert(sizeof(struct sysray_rec_file_head) == 64, "file head is 64 bytes");
_Static_assert(sizeof(struct sysray_rec_chunk_head) == 48, "chunk head is 48 bytes");

struct rec_buf {
	char *data; /* a pool buffer, or NULL */
	size_t used;
	uint32_t count;
	uint64_t first, last;
};

struct rec_job {
	uint16_t kind;
	int pooled; /* data is a pool buffer (given back), else malloc'd (freed) */
	int sticky;
	char *data;
	size_t len;
	uint32_t count;
	uint64_t first, last;
};

struct sticky_chunk {
	uint16_t kind;
	char *data;
	size_t len;
};

struct recorder {
	char *path;
	int dir;
	unsigned long long max_file_bytes;
	unsigned max_files;
	int compress;
	char *head;
	size_t head_len;

	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t queued, freed; /* a job queued / a job taken or a buffer given back */
	struct rec_job queue[REC_QUEUE];
	int q_first, q_len;
	char *pool[REC_POOL];
	char *free_bufs[REC_POOL];
	int nfree;
	int closing;
	struct recorder_stats st; /* under lock */

	/* the poll thread's */
	struct rec_buf cur[2];
	unsigned long long cur_started_ns;
	unsigned long long last_lost;
	int loss_written;

	/* the writer thread's */
	int fd;
	unsigned file_index, oldest_index;
	unsigned long long file_bytes;
	uint32_t seq;
	int data_in_file;
	int failed;
	struct sticky_chunk sticky[REC_STICKY];
	int nsticky;
	unsigned char *zbuf;
	size_t zcap;
};

static unsigned long long clock_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void file_name(const struct recorder *r, unsigned index, char *out, size_t len)
{
	if (r->dir)
		snprintf(out, len, "%s/sysray-%06u.rec", r->path, index);
	else
		snprintf(out, len, "%s", r->path);
}

/* The writer's failure, once: the first is what the user is told. */
static void fail(struct recorder *r, int err, const char *what)
{
	if (r->failed)
		return;
	r->failed = 1;
	pthread_mutex_lock(&r->lock);
	r->st.error = err;
	snprintf(r->st.error_what, sizeof(r->st.error_what), "%s %s: %s", what, r->st.path, strerror(err));
	pthread_mutex_unlock(&r->lock);
}

static int write_all(struct recorder *r, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = writev(r->fd, iov, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (w == 0)
			return -EIO;
		r->file_bytes += w;
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= w;
		}
	}
	return 0;
}

/* One chunk: head, payload (deflated when that is asked for and smaller), padding to 8. */
static int write_chunk(struct recorder *r, uint16_t kind, const char *data, size_t len, uint32_t count, uint64_t first, uint64_t last)
{
	static const char zeros[8];
	struct sysray_rec_chunk_head h = { .magic = SYSRAY_REC_CHUNK_MAGIC, .kind = kind };
	const char *stored = data;
	size_t stored_len = len;
	struct iovec iov[3];

	if (r->compress && len > 0 && (kind == SYSRAY_REC_RECORDS_BULK || kind == SYSRAY_REC_RECORDS_SECURITY)) {
		uLongf out = r->zcap;
		if (compress2(r->zbuf, &out, (const Bytef *)data, len, 1) == Z_OK && out < len) {
			stored = (const char *)r->zbuf;
			stored_len = out;
			h.flags = SYSRAY_REC_DEFLATE;
		}
	}
	h.stored_bytes = stored_len;
	h.raw_bytes = len;
	h.count = count;
	h.payload_crc = crc32(0, (const Bytef *)stored, stored_len);
	h.first_ns = first;
	h.last_ns = last;
	h.seq = r->seq++;
	h.head_crc = crc32(0, (const Bytef *)&h, offsetof(struct sysray_rec_chunk_head, head_crc));
	iov[0] = (struct iovec){ &h, sizeof(h) };
	iov[1] = (struct iovec){ (void *)stored, stored_len };
	iov[2] = (struct iovec){ (void *)zeros, (8 - stored_len % 8) % 8 };
	return write_all(r, iov, 3);
}

/* Starts file `index`: the head (patched for it), then the sticky chunks. */
static int begin_file(struct recorder *r, unsigned index, int flags)
{
	struct sysray_rec_file_head *h = (struct sysray_rec_file_head *)r->head;
	char name[4096];
	struct iovec iov;
	int err;

	file_name(r, index, name, sizeof(name));
	pthread_mutex_lock(&r->lock);
	snprintf(r->st.path, sizeof(r->st.path), "%s", name);
	pthread_mutex_unlock(&r->lock);
	r->fd = open(name, flags | O_WRONLY | O_CLOEXEC, 0640);
	if (r->fd < 0)
		return -errno;
	h->file_index = index;
	h->created_ns = clock_ns(CLOCK_REALTIME);
	h->head_crc = crc32(0, (const Bytef *)h, offsetof(struct sysray_rec_file_head, head_crc));
	r->file_index = index;
	r->file_bytes = 0;
	r->seq = 0;
	r->data_in_file = 0;
	iov = (struct iovec){ r->head, r->head_len };
	if ((err = write_all(r, &iov, 1)))
		return err;
	for (int i = 0; i < r->nsticky; i++)
		if ((err = write_chunk(r, r->sticky[i].kind, r->sticky[i].data, r->sticky[i].len, 0, 0, 0)))
			return err;
	pthread_mutex_lock(&r->lock);
	r->st.files++;
	pthread_mutex_unlock(&r->lock);
	return 0;
}

/* The next file of the directory: this one ends with an END naming it; the oldest past max_files goes. */
static void rotate(struct recorder *r)
{
	char end[128], old[4096];
	int n = snprintf(end, sizeof(end), "{\"rotatedTo\":\"sysray-%06u.rec\"}", r->file_index + 1);
	int err;

	if ((err = write_chunk(r, SYSRAY_REC_END, end, n, 0, 0, 0))) {
		fail(r, -err, "writing");
		return;
	}
	close(r->fd);
	r->fd = -1;
	if ((err = begin_file(r, r->file_index + 1, O_CREAT | O_EXCL))) {
		fail(r, -err, r->fd < 0 ? "creating" : "writing");
		return;
	}
	while (r->max_files && r->file_index - r->oldest_index + 1 > r->max_files) {
		file_name(r, r->oldest_index++, old, sizeof(old));
		unlink(old);
	}
}

static void keep_sticky(struct recorder *r, const struct rec_job *j)
{
	struct sticky_chunk s = { j->kind, malloc(j->len ? j->len : 1), j->len };
	int at = r->nsticky;

	if (!s.data)
		return;
	memcpy(s.data, j->data, j->len);
	/* one snapshot (the latest); policies accumulate (events of an older generation may follow) */
	for (int i = 0; i < r->nsticky; i++)
		if (j->kind == SYSRAY_REC_SNAPSHOT && r->sticky[i].kind == SYSRAY_REC_SNAPSHOT)
			at = i;
	if (at < r->nsticky) {
		free(r->sticky[at].data);
	} else if (r->nsticky == REC_STICKY) {
		/* full: the oldest policies go */
		int old = 0;
		while (old < r->nsticky - 1 && r->sticky[old].kind != SYSRAY_REC_POLICIES)
			old++;
		free(r->sticky[old].data);
		memmove(&r->sticky[old], &r->sticky[old + 1], (r->nsticky - old - 1) * sizeof(r->sticky[0]));
		at = r->nsticky - 1;
	} else {
		r->nsticky++;
	}
	r->sticky[at] = s;
}

static void write_job(struct recorder *r, struct rec_job *j)
{
	int records = j->kind == SYSRAY_REC_RECORDS_BULK || j->kind == SYSRAY_REC_RECORDS_SECURITY;
	unsigned long long before = r->file_bytes;
	int err;

	if (j->sticky)
		keep_sticky(r, j);
	if (!r->failed && records && r->dir && r->max_file_bytes && r->data_in_file &&
	    r->file_bytes + sizeof(struct sysray_rec_chunk_head) + j->len > r->max_file_bytes)
		rotate(r);
	if (r->failed) {
		pthread_mutex_lock(&r->lock);
		r->st.unwritten += j->count;
		pthread_mutex_unlock(&r->lock);
		return;
	}
	if ((err = write_chunk(r, j->kind, j->data, j->len, j->count, j->first, j->last))) {
		fail(r, -err, "writing");
		pthread_mutex_lock(&r->lock);
		r->st.unwritten += j->count;
		pthread_mutex_unlock(&r->lock);
		return;
	}
	r->data_in_file |= records;
	pthread_mutex_lock(&r->lock);
	r->st.chunks++;
	r->st.records += j->count;
	r->st.bytes += r->file_bytes - before;
	r->st.raw_bytes += j->len;
	r->st.loss_markers += j->kind == SYSRAY_REC_LOSS;
	pthread_mutex_unlock(&r->lock);
}

static void *writer_main(void *arg)
{
	struct recorder *r = arg;

	for (;;) {
		struct rec_job j;

		pthread_mutex_lock(&r->lock);
		while (!r->q_len && !r->closing)
			pthread_cond_wait(&r->queued, &r->lock);
		if (!r->q_len) {
			pthread_mutex_unlock(&r->lock);
			break;
		}
		j = r->queue[r->q_first];
		r->q_first = (r->q_first + 1) % REC_QUEUE;
		r->q_len--;
		pthread_mutex_unlock(&r->lock);
		write_job(r, &j);
		pthread_mutex_lock(&r->lock);
		if (j.pooled)
			r->free_bufs[r->nfree++] = j.data;
		else
			free(j.data);
		pthread_cond_broadcast(&r->freed);
		pthread_mutex_unlock(&r->lock);
	}
	return NULL;
}

static void enqueue(struct recorder *r, const struct rec_job *j)
{
	pthread_mutex_lock(&r->lock);
	while (r->q_len == REC_QUEUE)
		pthread_cond_wait(&r->freed, &r->lock);
	r->queue[(r->q_first + r->q_len) % REC_QUEUE] = *j;
	r->q_len++;
	pthread_cond_signal(&r->queued);
	pthread_mutex_unlock(&r->lock);
}

int recorder_open(struct recorder **out, const struct recorder_options *o, char *err, size_t err_len)
{
	struct recorder *r = calloc(1, sizeof(*r));
	int e;

	*out = NULL;
	if (!r || !(r->path = strdup(o->path)) || !(r->head = malloc(o->head_len))) {
		snprintf(err, err_len, "out of memory");
		e = -ENOMEM;
		goto fail;
	}
	if (o->head_len < sizeof(struct sysray_rec_file_head)) {
		snprintf(err, err_len, "the recording's head is %zu bytes, shorter than its fixed part", o->head_len);
		e = -EINVAL;
		goto fail;
	}
	memcpy(r->head, o->head, o->head_len);
	r->head_len = o->head_len;
	r->dir = o->dir;
	r->max_file_bytes = o->max_file_bytes;
	r->max_files = o->max_files;
	r->compress = o->compress;
	r->fd = -1;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->queued, NULL);
	pthread_cond_init(&r->freed, NULL);
	for (int i = 0; i < REC_POOL; i++) {
		if (!(r->pool[i] = malloc(REC_CHUNK_BYTES))) {
			snprintf(err, err_len, "out of memory for the recording's buffers");
			e = -ENOMEM;
			goto fail;
		}
		r->free_bufs[r->nfree++] = r->pool[i];
	}
	r->zcap = compressBound(REC_CHUNK_BYTES);
	if (r->compress && !(r->zbuf = malloc(r->zcap))) {
		snprintf(err, err_len, "out of memory for compression");
		e = -ENOMEM;
		goto fail;
	}
	/* a file size limit (ulimit -f) must fail the write with EFBIG, not kill the process */
	signal(SIGXFSZ, SIG_IGN);
	if ((e = begin_file(r, 0, r->dir ? O_CREAT | O_EXCL : O_CREAT | O_TRUNC))) {
		char name[4096];
		file_name(r, 0, name, sizeof(name));
		if (r->dir && e == -EEXIST)
			snprintf(err, err_len, "%s already exists: record into an empty directory, or remove its .rec files", name);
		else if (r->fd < 0)
			snprintf(err, err_len, "cannot create %s: %s", name, strerror(-e));
		else
			snprintf(err, err_len, "writing %s: %s", name, strerror(-e));
		goto fail;
	}
	if ((e = -pthread_create(&r->thread, NULL, writer_main, r))) {
		snprintf(err, err_len, "starting the recording's writer thread: %s", strerror(-e));
		goto fail;
	}
	*out = r;
	return 0;
fail:
	if (r) {
		if (r->fd >= 0)
			close(r->fd);
		for (int i = 0; i < REC_POOL; i++)
			free(r->pool[i]);
		free(r->zbuf);
		free(r->head);
		free(r->path);
		free(r);
	}
	return e;
}

int recorder_control(struct recorder *r, uint16_t kind, const void *payload, size_t len, int sticky)
{
	struct rec_job j = { .kind = kind, .sticky = sticky, .len = len, .data = malloc(len ? len : 1) };

	if (!j.data)
		return -ENOMEM;
	memcpy(j.data, payload, len);
	enqueue(r, &j);
	return 0;
}

/* The chunk of `ring` being filled goes to the writer. */
static void hand_chunk(struct recorder *r, int ring)
{
	struct rec_buf *b = &r->cur[ring];
	struct rec_job j = {
		.kind = ring == REC_RING_SECURITY ? SYSRAY_REC_RECORDS_SECURITY : SYSRAY_REC_RECORDS_BULK,
		.pooled = 1, .data = b->data, .len = b->used, .count = b->count, .first = b->first, .last = b->last,
	};

	if (!b->data)
		return;
	if (!b->used) {
		pthread_mutex_lock(&r->lock);
		r->free_bufs[r->nfree++] = b->data;
		pthread_mutex_unlock(&r->lock);
	} else {
		enqueue(r, &j);
	}
	*b = (struct rec_buf){ 0 };
}

int recorder_add(struct recorder *r, int ring, const void *rec, uint32_t total)
{
	struct rec_buf *b = &r->cur[ring];
	const char *p = rec;

	if (total > REC_CHUNK_BYTES)
		return -E2BIG; /* a record bigger than a chunk: none is (bpf/sysray.h bounds them) */
	if (b->data && b->used + total > REC_CHUNK_BYTES)
		hand_chunk(r, ring);
	if (!b->data) {
		/* a buffer the writer is done with: waiting here is the disk holding the kernel back */
		pthread_mutex_lock(&r->lock);
		while (!r->nfree)
			pthread_cond_wait(&r->freed, &r->lock);
		b->data = r->free_bufs[--r->nfree];
		pthread_mutex_unlock(&r->lock);
		if (!r->cur[!ring].data || !r->cur[!ring].used)
			r->cur_started_ns = clock_ns(CLOCK_MONOTONIC);
	}
	memcpy(b->data + b->used, p, total);
	b->used += total;
	b->count++;
	if (total >= REC_RING_HDR + offsetof(struct sysray_event, timestamp) + sizeof(uint64_t)) {
		const struct sysray_record_head *h = (const void *)(p + REC_RING_HDR);
		if (h->type == SYSRAY_RECORD_EVENT) {
			uint64_t ts;
			memcpy(&ts, p + REC_RING_HDR + offsetof(struct sysray_event, timestamp), sizeof(ts));
			if (!b->first || ts < b->first)
				b->first = ts;
			if (ts > b->last)
				b->last = ts;
		}
	}
	return 0;
}

int recorder_flush(struct recorder *r, int force)
{
	int any = (r->cur[0].data && r->cur[0].used) || (r->cur[1].data && r->cur[1].used);

	if (!any)
		return 0;
	if (!force && clock_ns(CLOCK_MONOTONIC) - r->cur_started_ns < REC_MAX_AGE_NS)
		return 0;
	/* both rings at once, bulk first: a reader merges the two by time within the round */
	hand_chunk(r, REC_RING_BULK);
	hand_chunk(r, REC_RING_SECURITY);
	return 0;
}

int recorder_loss(struct recorder *r, const unsigned long long *counters, unsigned cpus, unsigned stats, int force)
{
	static const unsigned lost_keys[] = { SYSRAY_STAT_LOST, SYSRAY_STAT_LOST_STATE, SYSRAY_STAT_LOST_SECURITY,
					      SYSRAY_STAT_LOST_SECURITY_STATE };
	unsigned long long lost = 0;
	struct sysray_rec_loss head = { clock_ns(CLOCK_BOOTTIME), cpus, stats };
	struct rec_job j = { .kind = SYSRAY_REC_LOSS };

	for (unsigned c = 0; c < cpus; c++)
		for (unsigned k = 0; k < sizeof(lost_keys) / sizeof(lost_keys[0]); k++)
			if (lost_keys[k] < stats)
				lost += counters[c * stats + lost_keys[k]];
	if (!force && lost == r->last_lost)
		return 0;
	r->last_lost = lost;
	/* the records before the gap go before its marker */
	recorder_flush(r, 1);
	j.len = sizeof(head) + (size_t)cpus * stats * sizeof(*counters);
	if (!(j.data = malloc(j.len)))
		return -ENOMEM;
	memcpy(j.data, &head, sizeof(head));
	memcpy(j.data + sizeof(head), counters, j.len - sizeof(head));
	enqueue(r, &j);
	return 0;
}

void recorder_stats(struct recorder *r, struct recorder_stats *out)
{
	pthread_mutex_lock(&r->lock);
	*out = r->st;
	pthread_mutex_unlock(&r->lock);
}

void recorder_close(struct recorder *r, struct recorder_stats *final)
{
	recorder_flush(r, 1);
	pthread_mutex_lock(&r->lock);
	r->closing = 1;
	pthread_cond_signal(&r->queued);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	if (r->fd >= 0 && close(r->fd) && !r->failed)
		fail(r, errno, "closing");
	recorder_stats(r, final);
	for (int i = 0; i < REC_POOL; i++)
		free(r->pool[i]);
	for (int i = 0; i < r->nsticky; i++)
		free(r->sticky[i].data);
	free(r->zbuf);
	free(r->head);
	free(r->path);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->queued);
	pthread_cond_destroy(&r->freed);
	free(r);
}
