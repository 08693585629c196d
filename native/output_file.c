// SPDX-License-Identifier: Apache-2.0
/*
 * Output to a regular file, written by a thread of its own with O_DIRECT.
 *
 * Why: growing a file through the page cache touches a new guest page for
 * every 4 KiB written, which on a VM costs more system time than encoding the
 * text; write(2) was a third of the main thread's profile. O_DIRECT writes
 * skip the page cache, and a thread takes them off the main thread.
 *
 * JS encodes text straight into one of OF_BUFFERS mmap'd, page-aligned
 * buffers (each handed to JS once, as a Buffer) and hands it over full:
 *
 *   outputFileOpen(fd, path)   takes the fd (opened by JS as before) →
 *                              { handle, buffers, direct }
 *   outputFileSubmit(h, used)  the 4096-aligned prefix of the current buffer
 *                              is queued for the thread, at the file offset;
 *                              the unaligned tail is copied to the start of
 *                              the next buffer (once the thread is done with
 *                              it: a producer ahead of the disk waits here)
 *                              and the offset advances by the prefix only.
 *                              → index of the buffer JS goes on filling, after
 *                              the tail (used & 4095)
 *   outputFileFlush(h, used)   as submit, then a copy of the tail is queued
 *                              too, to be written with a plain buffered pwrite
 *                              at the offset: once the thread is there (right
 *                              after what was queued before), everything
 *                              written so far is in the file. JS does not
 *                              wait. The next direct write rewrites that block
 *                              (the kernel writes back and drops the cached
 *                              pages a direct write overlaps).
 *   outputFileClose(h, used)   as flush, waits for the queue, stops the
 *                              thread, closes the fds
 *
 * Without O_DIRECT (a file system that refuses it, or EINVAL at a write) the
 * thread writes the same jobs through the page cache. The first failure of a
 * write (ENOSPC, EFBIG, EIO...) is kept: submit, flush and close throw it
 * from then on, as one line naming the path. The buffers' memory is unmapped
 * when the handle and every buffer have been garbage collected, so a Buffer
 * JS still holds after close never points to unmapped memory.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "output_file.h"

#define OF_BUFFER_BYTES (1u << 20)
#define OF_BUFFERS 4
/* direct writes start and end on this (the page size; block sizes are at most this) */
#define OF_ALIGN 4096u
/* queued writes: each buffer's, and a flushed tail after each */
#define OF_JOBS (2 * OF_BUFFERS)

struct of_job {
	int index; /* the buffer written (O_DIRECT), or -1: `tail` (page cache) */
	size_t len;
	unsigned long long offset;
	char tail[OF_ALIGN];
};

struct output_file {
	/* the handle's external and each buffer's Buffer: memory goes with the last */
	atomic_int refs;
	char *path;
	int fd;  /* page cache: tails, and everything when there is no dfd */
	int dfd; /* O_DIRECT, or -1; the thread's alone while it runs */
	char *buf[OF_BUFFERS];
	/* main thread only */
	int cur;                   /* the buffer JS fills */
	unsigned long long offset; /* where buf[cur] starts in the file */
	bool closed;

	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	/* under lock: jobs in file order; a job stays at the head while written */
	struct of_job jobs[OF_JOBS];
	unsigned head, count;
	bool busy[OF_BUFFERS]; /* queued or being written */
	bool stop;
	int err; /* the first failure; later jobs are dropped */
};

static const napi_type_tag OF_TAG = {0x7379737261796f66ull, 0x6f75747075746669ull};

static void of_release(struct output_file *of)
{
	if (atomic_fetch_sub(&of->refs, 1) != 1)
		return;
	for (int i = 0; i < OF_BUFFERS; i++)
		if (of->buf[i])
			munmap(of->buf[i], OF_BUFFER_BYTES);
	pthread_mutex_destroy(&of->lock);
	pthread_cond_destroy(&of->work);
	pthread_cond_destroy(&of->done);
	free(of->path);
	free(of);
}

/*
 * Direct jobs queued back to back in the file, from the head on: written
 * with one pwritev. A disk behind the producer is where this matters, and
 * there larger writes go faster (this host's virtio disk: 1 MiB O_DIRECT
 * writes ~510 MB/s, 4 MiB ~600 MB/s; a getppid storm's JSON is ~740 MB/s).
 * Returns how many jobs from the head (under lock).
 */
static unsigned of_direct_run(struct output_file *of, struct iovec *iov)
{
	unsigned n = 0;
	unsigned long long end = 0;

	while (n < of->count && n < OF_BUFFERS) {
		const struct of_job *j = &of->jobs[(of->head + n) % OF_JOBS];
		if (j->index < 0 || (n > 0 && j->offset != end))
			break;
		iov[n].iov_base = of->buf[j->index];
		iov[n].iov_len = j->len;
		end = j->offset + j->len;
		n++;
	}
	return n;
}

/* pwritev all of `iov` from *off, which it moves on, as it moves `iov` past what was written. 0 or errno. */
static int of_pwritev_all(int fd, struct iovec *iov, unsigned n, unsigned long long *off)
{
	while (n > 0) {
		ssize_t w = pwritev(fd, iov, (int)n, (off_t)*off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if (w == 0)
			return EIO;
		*off += (unsigned long long)w;
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* pwrite all of it; a direct write the file system refuses turns to the page cache, where it stopped. 0 or errno. */
static int of_pwrite_all(struct output_file *of, int *fd, const char *p, size_t len, unsigned long long off)
{
	struct iovec v = { (void *)p, len };
	int err = of_pwritev_all(*fd, &v, 1, &off);

	if (err == EINVAL && *fd == of->dfd && of->dfd >= 0) {
		close(of->dfd);
		of->dfd = -1;
		*fd = of->fd;
		err = of_pwritev_all(*fd, &v, 1, &off);
	}
	return err;
}

static void *of_writer(void *arg)
{
	struct output_file *of = arg;
	struct iovec iov[OF_BUFFERS];

	pthread_mutex_lock(&of->lock);
	for (;;) {
		while (of->count == 0 && !of->stop)
			pthread_cond_wait(&of->work, &of->lock);
		if (of->count == 0)
			break;
		/* the head slots stay ours until count drops: JS fills only slots past them */
		struct of_job *job = &of->jobs[of->head];
		bool skip = of->err != 0;
		unsigned run = !skip && of->dfd >= 0 ? of_direct_run(of, iov) : 0;
		pthread_mutex_unlock(&of->lock);
		unsigned long long off = job->offset;
		int err = run > 1 ? of_pwritev_all(of->dfd, iov, run, &off) : 0;
		if (run <= 1 || err == EINVAL) {
			/* one job, or a file system that refuses these direct: the head alone, and of_pwrite_all turns to the page cache */
			int fd = job->index >= 0 && of->dfd >= 0 ? of->dfd : of->fd;
			const char *data = job->index >= 0 ? of->buf[job->index] : job->tail;
			err = skip ? 0 : of_pwrite_all(of, &fd, data, job->len, job->offset);
			run = 1;
		}
		pthread_mutex_lock(&of->lock);
		if (err && !of->err)
			of->err = err;
		for (unsigned i = 0; i < run; i++) {
			const struct of_job *j = &of->jobs[of->head];
			if (j->index >= 0)
				of->busy[j->index] = false;
			of->head = (of->head + 1) % OF_JOBS;
			of->count--;
		}
		pthread_cond_broadcast(&of->done);
	}
	pthread_mutex_unlock(&of->lock);
	return NULL;
}

static int of_error(struct output_file *of)
{
	pthread_mutex_lock(&of->lock);
	int err = of->err;
	pthread_mutex_unlock(&of->lock);
	return err;
}

static void of_throw(napi_env env, struct output_file *of, int err)
{
	size_t size = strlen(of->path) + 128;
	char *msg = malloc(size);
	const char *name = strerrorname_np(err);
	napi_value code_v, msg_v, error;

	if (!msg) {
		napi_throw_error(env, name, "cannot write output file");
		return;
	}
	snprintf(msg, size, "cannot write output file \"%s\": %s (%s)", of->path, strerror(err), name ? name : "?");
	napi_create_string_utf8(env, name ? name : "EIO", NAPI_AUTO_LENGTH, &code_v);
	napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &msg_v);
	napi_create_error(env, code_v, msg_v, &error);
	napi_throw(env, error);
	free(msg);
}

/* A free job slot at the end of the queue (under lock; waits while the queue is full). */
static struct of_job *of_slot(struct output_file *of)
{
	while (of->count == OF_JOBS)
		pthread_cond_wait(&of->done, &of->lock);
	return &of->jobs[(of->head + of->count) % OF_JOBS];
}

/*
 * Queues the aligned prefix of the current buffer and moves the tail to the
 * start of the next one, waiting for the thread to be done with it.
 */
static void of_hand_over(struct output_file *of, size_t used)
{
	size_t aligned = used & ~(size_t)(OF_ALIGN - 1);
	int next = (of->cur + 1) % OF_BUFFERS;
	struct of_job *job;

	if (aligned == 0)
		return;
	pthread_mutex_lock(&of->lock);
	job = of_slot(of);
	job->index = of->cur;
	job->len = aligned;
	job->offset = of->offset;
	of->count++;
	of->busy[of->cur] = true;
	pthread_cond_signal(&of->work);
	while (of->busy[next])
		pthread_cond_wait(&of->done, &of->lock);
	pthread_mutex_unlock(&of->lock);
	/* the thread reads only the prefix: the tail is ours to read */
	memcpy(of->buf[next], of->buf[of->cur] + aligned, used - aligned);
	of->offset += aligned;
	of->cur = next;
}

/* Queues a copy of the current buffer's `tail` bytes, to go through the page cache. */
static void of_queue_tail(struct output_file *of, size_t tail)
{
	struct of_job *job;

	if (tail == 0)
		return;
	pthread_mutex_lock(&of->lock);
	job = of_slot(of);
	job->index = -1;
	job->len = tail;
	job->offset = of->offset;
	memcpy(job->tail, of->buf[of->cur], tail);
	of->count++;
	pthread_cond_signal(&of->work);
	pthread_mutex_unlock(&of->lock);
}

/* Waits until everything queued is written (or dropped after a failure). 0 or errno. */
static int of_drain(struct output_file *of)
{
	pthread_mutex_lock(&of->lock);
	while (of->count > 0)
		pthread_cond_wait(&of->done, &of->lock);
	int err = of->err;
	pthread_mutex_unlock(&of->lock);
	return err;
}

/* Stops the thread after the queue and closes the files (the handle's finalizer too, without close). */
static void of_shut(struct output_file *of)
{
	if (of->closed)
		return;
	of->closed = true;
	pthread_mutex_lock(&of->lock);
	of->stop = true;
	pthread_cond_signal(&of->work);
	pthread_mutex_unlock(&of->lock);
	pthread_join(of->thread, NULL);
	if (of->dfd >= 0)
		close(of->dfd);
	if (of->fd >= 0)
		close(of->fd);
	of->dfd = of->fd = -1;
}

static void of_finalize_handle(napi_env env, void *data, void *hint)
{
	of_shut(data);
	of_release(data);
}

static void of_finalize_buffer(napi_env env, void *data, void *hint)
{
	of_release(hint);
}

/* (handle, used) arguments; NULL after throwing. */
static struct output_file *of_args(napi_env env, napi_callback_info info, size_t *used)
{
	size_t argc = 2;
	napi_value argv[2];
	bool tagged = false;
	void *data = NULL;
	uint32_t u;

	if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
	    napi_check_object_type_tag(env, argv[0], &OF_TAG, &tagged) != napi_ok || !tagged ||
	    napi_get_value_external(env, argv[0], &data) != napi_ok ||
	    napi_get_value_uint32(env, argv[1], &u) != napi_ok || u > OF_BUFFER_BYTES) {
		napi_throw_type_error(env, NULL, "sysray: expected (output file handle, bytes used)");
		return NULL;
	}
	struct output_file *of = data;
	if (of->closed) {
		napi_throw_error(env, NULL, "sysray: output file already closed");
		return NULL;
	}
	*used = u;
	return of;
}

static napi_value of_index(napi_env env, struct output_file *of)
{
	napi_value v;
	napi_create_uint32(env, (uint32_t)of->cur, &v);
	return v;
}

/* Throws "sysray: cannot set up the output writer: ..." (errno text). */
static void of_throw_setup(napi_env env, const char *what, int err)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "sysray: cannot set up the output writer: %s%s%s", what, err ? ": " : "",
		 err ? strerror(err) : "");
	napi_throw_error(env, NULL, msg);
}

/*
 * outputFileOpen(fd, path) → { handle, buffers, direct }. The fd is ours once
 * this returns (the handle closes it), the caller's if it throws. Memory goes
 * with the last of the handle and the buffers, whichever way this ends.
 */
/*
 * The buffers, back to back in memory aligned to 2 MiB and asked to be
 * transparent huge pages: each O_DIRECT write pins the pages it writes
 * from, and pinning a huge page costs about what one 4 KiB page does (256
 * of those per write were the writer thread's largest cost). Where THP is
 * off they are small pages, as before. Populated now: first touches are
 * paid once. Each buffer is unmapped on its own (of_release).
 */
#define OF_HUGE_PAGE (2u << 20)
static char *map_buffers(void)
{
	size_t size = (size_t)OF_BUFFERS * OF_BUFFER_BYTES, span = size + OF_HUGE_PAGE;
	char *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return MAP_FAILED;
	char *aligned = (char *)(((uintptr_t)p + OF_HUGE_PAGE - 1) & ~(uintptr_t)(OF_HUGE_PAGE - 1));
	if (aligned > p)
		munmap(p, (size_t)(aligned - p));
	if (aligned + size < p + span)
		munmap(aligned + size, (size_t)(p + span - (aligned + size)));
	madvise(aligned, size, MADV_HUGEPAGE);
	memset(aligned, 0, size);
	return aligned;
}

static napi_value js_output_file_open(napi_env env, napi_callback_info info)
{
	size_t argc = 2, path_len = 0;
	napi_value argv[2], result, handle, buffers, v;
	int32_t fd;
	struct stat st, dst;
	struct output_file *of;
	int err;

	if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
	    napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
	    napi_get_value_string_utf8(env, argv[1], NULL, 0, &path_len) != napi_ok) {
		napi_throw_type_error(env, NULL, "sysray: expected (fd, path)");
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		napi_throw_error(env, NULL, "sysray: outputFileOpen takes a regular file's fd");
		return NULL;
	}
	of = calloc(1, sizeof(*of));
	if (!of || !(of->path = malloc(path_len + 1))) {
		free(of);
		of_throw_setup(env, "", ENOMEM);
		return NULL;
	}
	napi_get_value_string_utf8(env, argv[1], of->path, path_len + 1, NULL);
	pthread_mutex_init(&of->lock, NULL);
	pthread_cond_init(&of->work, NULL);
	pthread_cond_init(&of->done, NULL);
	atomic_init(&of->refs, 1); /* this function's, then the handle's */
	of->fd = of->dfd = -1;
	of->closed = true; /* nothing to shut until the thread runs */
	char *bufs = map_buffers();
	if (bufs == MAP_FAILED) {
		of_throw_setup(env, "mmap", errno);
		of_release(of);
		return NULL;
	}
	for (int i = 0; i < OF_BUFFERS; i++)
		of->buf[i] = bufs + (size_t)i * OF_BUFFER_BYTES;
	napi_create_object(env, &result);
	napi_create_array_with_length(env, OF_BUFFERS, &buffers);
	for (int i = 0; i < OF_BUFFERS; i++) {
		atomic_fetch_add(&of->refs, 1);
		if (napi_create_external_buffer(env, OF_BUFFER_BYTES, of->buf[i], of_finalize_buffer, of, &v) != napi_ok) {
			of_release(of); /* this buffer's */
			of_release(of);
			of_throw_setup(env, "external buffers refused", 0);
			return NULL;
		}
		napi_set_element(env, buffers, (uint32_t)i, v);
	}
	if (napi_create_external(env, of, of_finalize_handle, NULL, &handle) != napi_ok ||
	    napi_type_tag_object(env, handle, &OF_TAG) != napi_ok) {
		of_release(of);
		of_throw_setup(env, "handle", 0);
		return NULL;
	}
	/* from here the handle's finalizer releases: failures only leave it nothing to shut */
	/* a second open file description of the same file (not a dup: O_DIRECT is per description) */
	of->dfd = open(of->path, O_WRONLY | O_DIRECT | O_CLOEXEC);
	if (of->dfd >= 0 && (fstat(of->dfd, &dst) != 0 || dst.st_dev != st.st_dev || dst.st_ino != st.st_ino)) {
		close(of->dfd); /* the path names another file now */
		of->dfd = -1;
	}
	of->fd = fd;
	err = pthread_create(&of->thread, NULL, of_writer, of);
	if (err) {
		if (of->dfd >= 0)
			close(of->dfd);
		of->fd = of->dfd = -1;
		of_throw_setup(env, "thread", err);
		return NULL;
	}
	of->closed = false;
	napi_set_named_property(env, result, "handle", handle);
	napi_set_named_property(env, result, "buffers", buffers);
	napi_get_boolean(env, of->dfd >= 0, &v);
	napi_set_named_property(env, result, "direct", v);
	return result;
}

/* Hands over the buffer in use (and with `tail`, queues its unaligned end too); returns the next buffer's index. */
static napi_value of_hand_over_js(napi_env env, napi_callback_info info, bool tail)
{
	size_t used;
	struct output_file *of = of_args(env, info, &used);
	int err;

	if (!of)
		return NULL;
	if ((err = of_error(of))) {
		of_throw(env, of, err);
		return NULL;
	}
	of_hand_over(of, used);
	if (tail)
		of_queue_tail(of, used & (OF_ALIGN - 1));
	return of_index(env, of);
}

/* outputFileSubmit(h, used) → the buffer to go on filling, after (used & 4095) bytes */
static napi_value js_output_file_submit(napi_env env, napi_callback_info info)
{
	return of_hand_over_js(env, info, false);
}

/* outputFileFlush(h, used) → as submit; everything written so far goes to the file right after what is queued */
static napi_value js_output_file_flush(napi_env env, napi_callback_info info)
{
	return of_hand_over_js(env, info, true);
}

/* outputFileClose(h, used): writes everything, closes; throws the kept failure, if any */
static napi_value js_output_file_close(napi_env env, napi_callback_info info)
{
	size_t used;
	struct output_file *of = of_args(env, info, &used);
	int err;

	if (!of)
		return NULL;
	if (!of_error(of)) {
		of_hand_over(of, used);
		of_queue_tail(of, used & (OF_ALIGN - 1));
	}
	err = of_drain(of);
	of_shut(of);
	if (err)
		of_throw(env, of, err);
	return NULL;
}

napi_value output_file_init(napi_env env, napi_value exports)
{
	napi_property_descriptor props[] = {
		{"outputFileOpen", NULL, js_output_file_open, NULL, NULL, NULL, napi_default, NULL},
		{"outputFileSubmit", NULL, js_output_file_submit, NULL, NULL, NULL, napi_default, NULL},
		{"outputFileFlush", NULL, js_output_file_flush, NULL, NULL, NULL, napi_default, NULL},
		{"outputFileClose", NULL, js_output_file_close, NULL, NULL, NULL, napi_default, NULL},
	};
	napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
	return exports;
}
