// SPDX-License-Identifier: Apache-2.0
/*
 * sysray's native addon: a thin N-API layer over libbpf and the generated
 * skeleton. Lifecycle, in this order and nowhere else:
 *
 *   open(options)  open skeleton, set rodata, size the ring buffer, load,
 *                  write the syscall table, attach the lifecycle programs
 *                  (no policy yet: nothing is traced until a policy set is
 *                  written and its slot made active with mapUpdate/setActiveSlot)
 *   setSyscallHooks(h, "raw" | names, prune)
 *                  which programs see syscalls: the generic raw tracepoints
 *                  or syscalls:sys_enter_X/sys_exit_X for each name; with
 *                  prune, hooks no longer wanted are detached (the policy set
 *                  in force says which kind takes entries, so both may be
 *                  attached for a moment while sets are swapped)
 *   start(h, cb)   poll both ring buffers (bulk `events`, `security_events`:
 *                  sysray.h) on a thread of our own, the security ring
 *                  first; runs of records are handed to `cb(Uint8Array,
 *                  ring)` as views of the ring's own memory (ring_reader.h),
 *                  not copied; JS reports each one done with batchDone(h,
 *                  ring), which gives its space back to the kernel (per
 *                  ring, in the order handed). A full ring is the only
 *                  limit: the kernel then counts loss. The poller never
 *                  waits for JS on one ring while the other has records
 *   stop(h)        detach every program, drain both rings, flush, then `cb(null)`
 *   stats(h)       kernel counters (submitted, lost per ring), summed over CPUs
 *   health(h)      is it working: time since the poll thread's last turn,
 *                  which programs are attached, how full each ring is (/healthz, /metrics)
 *   close(h)       detach and free
 *
 * Record framing is defined in bpf/sysray.h; a batch is records as the
 * kernel wrote them, each after the ring's 8-byte record header.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <linux/types.h>
#include "sysray.h"
#include "sysray.skel.h"
#include "output_file.h"
#include "ring_reader.h"
#include "recorder.h"
#include "record_json.h"

#define BATCH_BYTES_DEFAULT (1u << 20)
#define BATCH_MAX_AGE_NS (20 * 1000 * 1000ull)
/*
 * The kernel wakes the poller only as unreleased data crosses a threshold,
 * and while JS holds batches it stays above it: the poller then looks on its
 * own this often (at 20 ms, JS sat idle between looks and 1M events/s lost).
 */
#define POLL_TIMEOUT_MS 5
/*
 * Batches of one ring handed to JS and not yet reported done (batchDone). JS works one
 * batch per turn of its event loop, so signals (SIGHUP reload) and timers
 * are served between batches. Their memory is the ring's: this only bounds
 * the bookkeeping.
 */
#define JS_BATCHES_IN_FLIGHT 1024

/* A run of records [start, end) of ring `ring` (RING_*), or one record copied out (copy). */
struct batch {
	unsigned long start, end;
	char *copy;
	int ring;
	/* a bulk batch handed just before a security batch of the same look: JS works the two together */
	int paired;
};

/* Index of a ring in struct tracer.rings; JS sees the same numbers. */
#define RING_BULK 0
#define RING_SECURITY 1
#define NR_RINGS 2

/* One ring buffer and the batches read from it. */
struct ring_path {
	struct ring_reader reader;
	int open;
	int data_given; /* the data mapping belongs to JS's ArrayBuffer (unmapped by its finalizer) */
	napi_ref array;
	/* the batch being gathered by the poll thread: ring positions [cur_start, cur_end) */
	unsigned long cur_start, cur_end;
	size_t batch_bytes;
	unsigned long long batch_started_ns;
	/* under credit_lock: batches handed to JS, oldest first (JS finishes a ring's in order) */
	struct batch handed[JS_BATCHES_IN_FLIGHT];
	int handed_first;
	int in_flight;
};

/* One syscall's pair of per-syscall tracepoint links. */
struct syscall_link {
	char name[64];
	struct bpf_link *enter, *exit;
};

struct tracer {
	struct sysray_bpf *skel;
	/* syscall hooks in place: the raw pair, and per-syscall tracepoint pairs */
	struct bpf_link *raw_enter, *raw_exit;
	struct syscall_link *syscall_links;
	size_t nr_syscall_links;
	struct ring_path rings[NR_RINGS];
	int epoll_fd;
	napi_threadsafe_function tsfn;
	pthread_t thread;
	int thread_started;
	atomic_int stopping;
	int poll_error;
	/* CLOCK_MONOTONIC ns of the poll thread's last turn (it turns at least every POLL_TIMEOUT_MS): /healthz */
	_Atomic unsigned long long poll_turn_ns;
	/* test hook SYSRAY_TEST_POLLER_STALL_AFTER_MS: the poll thread stops polling this long after start (0: never) */
	unsigned long long stall_after_ns;
	pthread_mutex_t credit_lock;
	pthread_cond_t credit_freed;
	/* `sysray record`: records go to this recorder, not to JS (recordOpen) */
	struct recorder *rec;
	int rec_and_js; /* records go to JS as well (tracing with -w) */
	char *rec_copy; /* a record that wraps, made whole */
	size_t rec_copy_cap;
	unsigned long long rec_loss_checked_ns;
};

static void detach_syscall_link(struct syscall_link *l);
static void detach_syscall_links(struct tracer *t);

/* libbpf's messages are kept (the last few) for error reports, not printed. */
static char last_libbpf_msg[1024];
/* The verifier's reason when it refused a program: its log's last line before the totals, and the program's name. */
static char verifier_refusal[512];
static int libbpf_verbose;

/* From libbpf's "prog 'NAME': -- BEGIN PROG LOAD LOG --\n...\nREASON\nprocessed N insns ...\n-- END PROG LOAD LOG --". */
static void keep_verifier_refusal(const char *msg)
{
	const char *begin = strstr(msg, "-- BEGIN PROG LOAD LOG --"), *end = strstr(msg, "\nprocessed ");
	const char *name = strstr(msg, "prog '");
	if (!begin || !end || end <= begin)
		return;
	const char *line = end;
	while (line > begin && line[-1] != '\n')
		line--;
	int name_len = 0;
	if (name && name < begin) {
		name += 6;
		const char *q = strchr(name, '\'');
		name_len = q && q < begin ? (int)(q - name) : 0;
	}
	snprintf(verifier_refusal, sizeof(verifier_refusal), "the kernel's verifier refused program %.*s: %.*s", name_len, name ? name : "", (int)(end - line), line);
}

static int on_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	va_list copy;

	/* what is neither shown nor kept is not formatted (a load sends thousands of debug lines) */
	if (level == LIBBPF_DEBUG && !libbpf_verbose)
		return 0;
	va_copy(copy, args);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	/* a verifier log is one message, and its reason is at its end: the whole of it is read */
	char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!msg)
		return 0;
	vsnprintf(msg, (size_t)n + 1, fmt, args);
	if (level != LIBBPF_DEBUG)
		keep_verifier_refusal(msg);
	if (libbpf_verbose)
		fputs(msg, stderr);
	else
		snprintf(last_libbpf_msg, sizeof(last_libbpf_msg), "%s", msg);
	free(msg);
	return 0;
}

static unsigned long long now_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void throw_errno(napi_env env, const char *what, int err)
{
	char msg[1400];
	char code[32];
	napi_value error, msg_v, code_v;

	if (err < 0)
		err = -err;
	if (verifier_refusal[0])
		snprintf(msg, sizeof(msg), "%s: %s (a sysray bug on this kernel: report it with `uname -r`)", what, verifier_refusal);
	else
		snprintf(msg, sizeof(msg), "%s: %s%s%s", what, strerror(err), last_libbpf_msg[0] ? " — libbpf: " : "",
			 last_libbpf_msg);
	/* drop libbpf's trailing newline */
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = 0;
	snprintf(code, sizeof(code), "%d", err);
	napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &msg_v);
	napi_create_error(env, NULL, msg_v, &error);
	napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_v);
	napi_set_named_property(env, error, "errno", code_v);
	if (verifier_refusal[0]) {
		napi_value yes;
		napi_get_boolean(env, true, &yes);
		napi_set_named_property(env, error, "verifier", yes);
	}
	napi_throw(env, error);
}

#define NAPI_CALL(env, call)                                                    \
	do {                                                                    \
		if ((call) != napi_ok) {                                        \
			napi_throw_error(env, NULL, "internal N-API call failed: " #call); \
			return NULL;                                            \
		}                                                               \
	} while (0)

static int get_prop(napi_env env, napi_value obj, const char *name, napi_value *out)
{
	bool has = false;
	if (napi_has_named_property(env, obj, name, &has) != napi_ok || !has)
		return 0;
	return napi_get_named_property(env, obj, name, out) == napi_ok;
}

static uint32_t get_u32(napi_env env, napi_value obj, const char *name, uint32_t dflt)
{
	napi_value v;
	uint32_t out = dflt;
	if (get_prop(env, obj, name, &v))
		napi_get_value_uint32(env, v, &out);
	return out;
}

static bool get_bool(napi_env env, napi_value obj, const char *name)
{
	napi_value v;
	bool out = false;
	if (get_prop(env, obj, name, &v))
		napi_get_value_bool(env, v, &out);
	return out;
}

static struct tracer *unwrap(napi_env env, napi_value v)
{
	struct tracer *t = NULL;
	napi_get_value_external(env, v, (void **)&t);
	if (!t)
		napi_throw_error(env, NULL, "sysray: not a tracer handle");
	return t;
}

/* The tracer handle passed as a JS function's first argument (NULL after throwing). */
static struct tracer *handle_arg(napi_env env, napi_callback_info info, napi_value *rest, size_t nrest)
{
	size_t argc = 1 + nrest;
	napi_value argv[2];

	if (nrest > 1 || napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 + nrest) {
		napi_throw_type_error(env, NULL, "sysray: missing arguments");
		return NULL;
	}
	for (size_t i = 0; i < nrest; i++)
		rest[i] = argv[1 + i];
	return unwrap(env, argv[0]);
}

static void tracer_free(struct tracer *t)
{
	if (!t)
		return;
	for (int i = 0; i < NR_RINGS; i++) {
		struct ring_path *p = &t->rings[i];

		if (!p->open)
			continue;
		ring_reader_close(&p->reader);
		if (!p->data_given) {
			size_t bytes;
			void *data = ring_reader_data_mapping(&p->reader, &bytes);
			munmap(data, bytes);
		}
		p->open = 0;
	}
	if (t->epoll_fd > 0)
		close(t->epoll_fd);
	t->epoll_fd = 0;
	bpf_link__destroy(t->raw_enter);
	bpf_link__destroy(t->raw_exit);
	t->raw_enter = t->raw_exit = NULL;
	for (size_t i = 0; i < t->nr_syscall_links; i++) {
		bpf_link__destroy(t->syscall_links[i].enter);
		bpf_link__destroy(t->syscall_links[i].exit);
	}
	free(t->syscall_links);
	t->syscall_links = NULL;
	t->nr_syscall_links = 0;
	if (t->rec) {
		struct recorder_stats unused;
		recorder_close(t->rec, &unused);
		t->rec = NULL;
	}
	free(t->rec_copy);
	t->rec_copy = NULL;
	sysray_bpf__destroy(t->skel);
	t->skel = NULL;
	/* the poll thread has ended: no lock needed; JS reads no batch after stop */
	for (int r = 0; r < NR_RINGS; r++) {
		struct ring_path *p = &t->rings[r];
		for (int i = 0; i < p->in_flight; i++)
			free(p->handed[(p->handed_first + i) % JS_BATCHES_IN_FLIGHT].copy);
		p->in_flight = 0;
	}
}

/* open(options) → handle */
static napi_value js_open(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], v, handle;
	struct tracer *t;
	const char *what;
	int err;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 1) {
		napi_throw_type_error(env, NULL, "open(options) needs an options object");
		return NULL;
	}
	libbpf_verbose = get_bool(env, argv[0], "verbose");
	libbpf_set_print(on_libbpf_print);
	last_libbpf_msg[0] = 0;
	verifier_refusal[0] = 0;
	/*
	 * The main thread's name is the process's comm: "sysray", not "node",
	 * so that ps, scopes and agent lists (agent_tampering) know a tracer.
	 * Only the comm: the command line stays as it was run.
	 */
	prctl(PR_SET_NAME, "sysray", 0, 0, 0);

	t = calloc(1, sizeof(*t));
	if (!t) {
		throw_errno(env, "allocating the tracer", ENOMEM);
		return NULL;
	}
	for (int i = 0; i < NR_RINGS; i++)
		t->rings[i].batch_bytes = get_u32(env, argv[0], "batchBytes", BATCH_BYTES_DEFAULT);
	pthread_mutex_init(&t->credit_lock, NULL);
	pthread_cond_init(&t->credit_freed, NULL);

	t->skel = sysray_bpf__open();
	if (!t->skel) {
		err = errno;
		free(t);
		throw_errno(env, "opening the BPF object", err);
		return NULL;
	}
	t->skel->rodata->self_tgid = get_u32(env, argv[0], "selfTgid", 0);
	t->skel->rodata->capture_env = get_bool(env, argv[0], "captureEnv");
	t->skel->rodata->describe_empty_paths = get_bool(env, argv[0], "describeEmptyPaths");
	t->skel->rodata->wakeup_bytes = get_u32(env, argv[0], "wakeupBytes", 0);
	t->skel->rodata->security_wakeup_bytes = get_u32(env, argv[0], "securityWakeupBytes", 0);
	t->skel->rodata->container_ssid = get_u32(env, argv[0], "containerSsid", 0xff);
	t->skel->rodata->container_hierarchy = get_u32(env, argv[0], "containerHierarchy", 0);
	/*
	 * Thread state in task storage where the syscall tracepoints' programs
	 * may use it (tp_btf ones may wherever sysray loads); the LRU hash
	 * otherwise, or with SYSRAY_TASK_STATE=hash (benchmarks compare them).
	 */
	const char *ts = getenv("SYSRAY_TASK_STATE");
	t->skel->rodata->use_task_storage = !(ts && strcmp(ts, "hash") == 0) &&
					     libbpf_probe_bpf_helper(BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_task_storage_get, NULL) == 1;

	uint32_t ring = get_u32(env, argv[0], "ringBufferBytes", 64u << 20);
	err = bpf_map__set_max_entries(t->skel->maps.events, ring);
	if (err) {
		what = "sizing the ring buffer (a power of two multiple of the page size is needed)";
		goto fail;
	}
	ring = get_u32(env, argv[0], "securityRingBufferBytes", 8u << 20);
	err = bpf_map__set_max_entries(t->skel->maps.security_events, ring);
	if (err) {
		what = "sizing the security ring buffer (a power of two multiple of the page size is needed)";
		goto fail;
	}

	/*
	 * Syscall hooks are attached by setSyscallHooks once a policy set says
	 * which. Verifying a pair costs ~70 ms of start (6.18): only the pairs asked
	 * for are loaded ("raw", "tracepoints", or both by default).
	 */
	{
		char hooks[16] = "both";
		napi_value hv;
		size_t got;
		if (get_prop(env, argv[0], "syscallHooks", &hv))
			napi_get_value_string_utf8(env, hv, hooks, sizeof(hooks), &got);
		bool raw = strcmp(hooks, "tracepoints") != 0, tp = strcmp(hooks, "raw") != 0;
		bpf_program__set_autoload(t->skel->progs.sys_enter, raw);
		bpf_program__set_autoload(t->skel->progs.sys_exit, raw);
		bpf_program__set_autoload(t->skel->progs.syscall_tp_enter, tp);
		bpf_program__set_autoload(t->skel->progs.syscall_tp_exit, tp);
	}
	bpf_program__set_autoattach(t->skel->progs.sys_enter, false);
	bpf_program__set_autoattach(t->skel->progs.sys_exit, false);
	bpf_program__set_autoattach(t->skel->progs.syscall_tp_enter, false);
	bpf_program__set_autoattach(t->skel->progs.syscall_tp_exit, false);

	/* SYSRAY_VERIFIER_STATS=1 (with verbose): the verifier's stats per program, its time among them (P5: where start goes) */
	if (getenv("SYSRAY_VERIFIER_STATS")) {
		struct bpf_program *prog;
		bpf_object__for_each_program(prog, t->skel->obj)
			bpf_program__set_log_level(prog, 4);
	}
	err = sysray_bpf__load(t->skel);
	if (err) {
		what = "loading the BPF programs";
		goto fail;
	}

	/* per-syscall descriptors from the catalog */
	if (get_prop(env, argv[0], "descs", &v)) {
		void *data;
		size_t len;
		NAPI_CALL(env, napi_get_buffer_info(env, v, &data, &len));
		int fd = bpf_map__fd(t->skel->maps.syscall_descs);
		size_t n = len / sizeof(struct sysray_syscall_desc);
		for (uint32_t i = 0; i < n && i < SYSRAY_MAX_SYSCALLS; i++) {
			struct sysray_syscall_desc *d = (struct sysray_syscall_desc *)data + i;
			err = bpf_map_update_elem(fd, &i, d, BPF_ANY);
			if (err) {
				err = errno;
				what = "writing the syscall table";
				goto fail;
			}
		}
	}
	err = sysray_bpf__attach(t->skel);
	if (err) {
		what = "attaching to the raw tracepoints sched_process_fork, sched_process_exec, sched_process_exit, cgroup_mkdir, cgroup_rmdir";
		goto fail;
	}
	NAPI_CALL(env, napi_create_external(env, t, NULL, NULL, &handle));
	return handle;

fail: /* the one cleanup path of open() */
	tracer_free(t);
	free(t);
	throw_errno(env, what, err);
	return NULL;
}


/* Runs on the JS thread: hands one batch (or null at the end) to the callback, with its ring. */
static void call_js(napi_env env, napi_value cb, void *context, void *data)
{
	struct tracer *t = context;
	struct batch *b = data;
	napi_value argv[3], undefined, ring;

	if (!env)
		goto out;
	napi_get_undefined(env, &undefined);
	if (!b) {
		napi_get_null(env, &argv[0]);
		napi_get_null(env, &argv[1]);
		napi_get_boolean(env, false, &argv[2]);
	} else {
		struct ring_path *p = &t->rings[b->ring];

		if (b->copy) {
			/* JS owns its copy: the record's place in the ring is released at batchDone all the same */
			void *unused;
			if (napi_create_buffer_copy(env, b->end - b->start, b->copy, &unused, &argv[0]) != napi_ok)
				goto out;
		} else if (napi_get_reference_value(env, p->array, &ring) != napi_ok ||
			   napi_create_typedarray(env, napi_uint8_array, b->end - b->start, ring,
						  b->start & (p->reader.size - 1), &argv[0]) != napi_ok) {
			goto out;
		}
		napi_create_uint32(env, b->ring, &argv[1]);
		napi_get_boolean(env, b->paired, &argv[2]);
	}
	napi_call_function(env, undefined, cb, 3, argv, NULL);
out:
	if (b)
		free(b->copy);
	free(b);
}

/*
 * Hands one batch of ring `p` to JS. At most JS_BATCHES_IN_FLIGHT per ring
 * are out: past that, -EAGAIN (the records wait in the ring, which may then
 * fill and lose), or with `wait` (the drain at stop) it waits for JS. The
 * caller keeps `copy` on -EAGAIN.
 */
static int hand_over(struct tracer *t, struct ring_path *p, unsigned long start, unsigned long end, char *copy, int wait, int paired)
{
	struct batch *b = malloc(sizeof(*b));

	if (!b) {
		free(copy);
		return -ENOMEM;
	}
	pthread_mutex_lock(&t->credit_lock);
	while (p->in_flight >= JS_BATCHES_IN_FLIGHT) {
		if (!wait) {
			pthread_mutex_unlock(&t->credit_lock);
			free(b);
			return -EAGAIN;
		}
		pthread_cond_wait(&t->credit_freed, &t->credit_lock);
	}
	p->handed[(p->handed_first + p->in_flight) % JS_BATCHES_IN_FLIGHT] = (struct batch){ start, end, NULL, 0, 0 };
	p->in_flight++;
	pthread_mutex_unlock(&t->credit_lock);
	*b = (struct batch){ start, end, copy, (int)(p - t->rings), paired };
	/* the queue is unbounded (the credits above bound it): this never waits for JS */
	if (napi_call_threadsafe_function(t->tsfn, b, napi_tsfn_nonblocking) != napi_ok) {
		free(b->copy); /* JS is going away */
		free(b);
	}
	return 0;
}

/* Hands over the batch being gathered, if any (kept on -EAGAIN); `paired`: see struct batch. */
static int flush(struct tracer *t, struct ring_path *p, int wait, int paired)
{
	int err;

	if (p->cur_end <= p->cur_start)
		return 0;
	if ((err = hand_over(t, p, p->cur_start, p->cur_end, NULL, wait, paired)))
		return err;
	p->cur_start = p->cur_end;
	p->batch_started_ns = 0;
	return 0;
}

/*
 * A record walked, to the recording too when there is one (`sysray -w`
 * while tracing): the same bytes JS decodes. Discarded ones are skipped.
 */
static int record_one(struct tracer *t, int ring, const struct ring_record *rec)
{
	const struct ring_reader *r = &t->rings[ring].reader;
	const char *p = r->data + (rec->pos & (r->size - 1));

	if (!t->rec || (__atomic_load_n((const uint32_t *)p, __ATOMIC_ACQUIRE) & BPF_RINGBUF_DISCARD_BIT))
		return 0;
	if (rec->wraps) {
		/* the ring still holds it (released only at batchDone): made whole in a scratch buffer */
		if (t->rec_copy_cap < rec->total) {
			char *c = realloc(t->rec_copy, rec->total);
			if (!c)
				return -ENOMEM;
			t->rec_copy = c;
			t->rec_copy_cap = rec->total;
		}
		ring_reader_copy(r, rec, t->rec_copy);
		p = t->rec_copy;
	}
	return recorder_add(t->rec, ring, p, rec->total);
}

/*
 * Walks the records the kernel has finished, gathering them into batches:
 * a batch is contiguous memory, so it ends at the end of the data area,
 * and a record crossing that end goes alone, copied. Stops at -EAGAIN (no
 * credit): what is gathered stays for the next walk.
 */
static int walk(struct tracer *t, struct ring_path *p, int wait)
{
	struct ring_reader *r = &p->reader;
	struct ring_record rec;
	int err;

	while (ring_reader_peek(r, &rec)) {
		if (rec.wraps) {
			char *copy;
			if ((err = flush(t, p, wait, 0)))
				return err;
			if (!(copy = malloc(rec.total)))
				return -ENOMEM;
			ring_reader_copy(r, &rec, copy);
			if ((err = hand_over(t, p, rec.pos, rec.pos + rec.total, copy, wait, 0))) {
				if (err == -EAGAIN)
					free(copy);
				return err;
			}
			/* after the hand-over: a record refused for credit is walked again later, recorded once */
			if ((err = record_one(t, (int)(p - t->rings), &rec)))
				return err;
			r->walked = p->cur_start = p->cur_end = rec.pos + rec.total;
			continue;
		}
		if (p->cur_end > p->cur_start && ((rec.pos & (r->size - 1)) == 0 || p->cur_end - p->cur_start >= p->batch_bytes) &&
		    (err = flush(t, p, wait, 0)))
			return err;
		if (p->cur_end == p->cur_start) {
			p->cur_start = p->cur_end = rec.pos;
			p->batch_started_ns = now_ns(CLOCK_MONOTONIC);
		}
		if ((err = record_one(t, (int)(p - t->rings), &rec)))
			return err;
		r->walked = p->cur_end = rec.pos + rec.total;
	}
	if (p->cur_end - p->cur_start >= p->batch_bytes)
		return flush(t, p, wait, 0);
	return 0;
}

/*
 * One look at both rings. The security ring's records are handed over at
 * once (few, and wanted soon), and the bulk ring's gathered so far just
 * before them, so JS can put the two in time order when it is not behind
 * (tracer.ts); otherwise a bulk batch goes once big or old enough. Out of
 * credit is no error: the ring holds the rest.
 */
static int serve(struct tracer *t, int wait)
{
	struct ring_path *sec = &t->rings[RING_SECURITY], *bulk = &t->rings[RING_BULK];
	int err;

	if ((err = walk(t, sec, wait)) && err != -EAGAIN)
		return err;
	if ((err = walk(t, bulk, wait)) && err != -EAGAIN)
		return err;
	/*
	 * Again: a security record committed while the bulk ring was walked can
	 * be older than bulk records just walked (an exec before the new
	 * program's first calls); it goes with them, not a round later.
	 */
	if ((err = walk(t, sec, wait)) && err != -EAGAIN)
		return err;
	err = 0;
	if (bulk->cur_end > bulk->cur_start &&
	    (wait || sec->cur_end > sec->cur_start || bulk->cur_end - bulk->cur_start >= bulk->batch_bytes / 2 ||
	     now_ns(CLOCK_MONOTONIC) - bulk->batch_started_ns >= BATCH_MAX_AGE_NS))
		err = flush(t, bulk, wait, sec->cur_end > sec->cur_start);
	if ((!err || err == -EAGAIN) && sec->cur_end > sec->cur_start)
		err = flush(t, sec, wait, 0);
	return err == -EAGAIN ? 0 : err;
}

/*
 * Record mode: each finished record is copied to the recorder and its ring
 * space given back at once (discarded ones are skipped); no JS per record.
 */
static int walk_record(struct tracer *t, int ring)
{
	struct ring_reader *r = &t->rings[ring].reader;
	struct ring_record rec;
	int err;

	while (ring_reader_peek(r, &rec)) {
		if ((err = record_one(t, ring, &rec)))
			return err;
		r->walked = rec.pos + rec.total;
		ring_reader_release(r, r->walked);
	}
	return 0;
}

/* The kernel's stats array per CPU, counters[cpu * SYSRAY_STAT_COUNT + key]; the number of CPUs, or -errno. */
static int read_stats_per_cpu(struct tracer *t, unsigned long long **out)
{
	int ncpu = libbpf_num_possible_cpus();
	unsigned long long *all, *vals;

	if (ncpu <= 0)
		return -EINVAL;
	all = calloc((size_t)ncpu * SYSRAY_STAT_COUNT, sizeof(*all));
	vals = calloc(ncpu, sizeof(*vals));
	if (!all || !vals) {
		free(all);
		free(vals);
		return -ENOMEM;
	}
	for (uint32_t key = 0; key < SYSRAY_STAT_COUNT; key++) {
		if (bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.stats), &key, vals))
			continue;
		for (int c = 0; c < ncpu; c++)
			all[c * SYSRAY_STAT_COUNT + key] = vals[c];
	}
	free(vals);
	*out = all;
	return ncpu;
}

/* Every 100 ms (and at the end, `force`): a LOSS marker if the kernel lost anything since the last. */
static int record_loss(struct tracer *t, int force)
{
	unsigned long long now = now_ns(CLOCK_MONOTONIC), *counters;
	int ncpu, err;

	if (!force && now - t->rec_loss_checked_ns < 100ull * 1000 * 1000)
		return 0;
	t->rec_loss_checked_ns = now;
	if ((ncpu = read_stats_per_cpu(t, &counters)) < 0)
		return ncpu;
	err = recorder_loss(t->rec, counters, ncpu, SYSRAY_STAT_COUNT, force);
	free(counters);
	return err;
}

static int serve_record(struct tracer *t, int force)
{
	int err;

	if (t->rec_and_js) {
		if ((err = serve(t, force)))
			return err;
	} else if ((err = walk_record(t, RING_SECURITY)) || (err = walk_record(t, RING_BULK)) || (err = walk_record(t, RING_SECURITY))) {
		return err;
	}
	if ((err = recorder_flush(t->rec, force)))
		return err;
	return record_loss(t, force);
}

/* The test hook's stall: no turn, no progress, until stop (then the drain runs as usual). */
static void stall_until_stop(struct tracer *t)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };

	while (!atomic_load(&t->stopping))
		nanosleep(&pause, NULL);
}

static void *poll_main(void *arg)
{
	struct tracer *t = arg;
	struct epoll_event ev[NR_RINGS];
	unsigned long long started = now_ns(CLOCK_MONOTONIC);

	while (!atomic_load(&t->stopping)) {
		unsigned long long now = now_ns(CLOCK_MONOTONIC);

		if (t->stall_after_ns && now - started >= t->stall_after_ns) {
			stall_until_stop(t);
			break;
		}
		atomic_store_explicit(&t->poll_turn_ns, now, memory_order_relaxed);
		/* edge-triggered: the ring reads as ready for as long as JS holds records, so only wakeups count */
		int n = epoll_wait(t->epoll_fd, ev, NR_RINGS, POLL_TIMEOUT_MS);
		if (n < 0 && errno != EINTR) {
			t->poll_error = -errno;
			break;
		}
		/* the kernel wakes us only past a threshold: take what is there anyway, security first */
		if ((t->poll_error = t->rec ? serve_record(t, 0) : serve(t, 0)))
			break;
	}
	/* drain: everything submitted before stop() is delivered */
	if (t->rec) {
		int err = serve_record(t, 1);
		if (err && !t->poll_error)
			t->poll_error = err;
	} else {
		serve(t, 1);
	}
	napi_call_threadsafe_function(t->tsfn, NULL, napi_tsfn_blocking);
	napi_release_threadsafe_function(t->tsfn, napi_tsfn_release);
	return NULL;
}

/* The ring's data mapping, kept for as long as JS can reach it through its ArrayBuffer. */
struct ring_mapping {
	void *base;
	size_t bytes;
};

static void unmap_ring_data(napi_env env, void *data, void *hint)
{
	struct ring_mapping *m = hint;

	munmap(m->base, m->bytes);
	free(m);
}

/* Maps ring map `fd` for reading in place, shown to JS as one external ArrayBuffer; epoll waits on it. */
static int open_ring(napi_env env, struct tracer *t, struct ring_path *p, int fd, const char *what)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	struct ring_mapping *m = malloc(sizeof(*m));
	napi_value ring;
	int err;

	if (!m) {
		throw_errno(env, what, ENOMEM);
		return -1;
	}
	err = ring_reader_open(&p->reader, fd);
	if (err) {
		free(m);
		throw_errno(env, what, -err);
		return -1;
	}
	p->open = 1;
	m->base = ring_reader_data_mapping(&p->reader, &m->bytes);
	if (napi_create_external_arraybuffer(env, (void *)p->reader.data, p->reader.size, unmap_ring_data, m, &ring) != napi_ok) {
		free(m);
		napi_throw_error(env, NULL, "sysray: the ring buffer's memory cannot be shown to JS (external ArrayBuffers refused)");
		return -1;
	}
	p->data_given = 1;
	if (napi_create_reference(env, ring, 1, &p->array) != napi_ok) {
		napi_throw_error(env, NULL, "sysray: cannot keep a reference to the ring buffer's memory");
		return -1;
	}
	if (epoll_ctl(t->epoll_fd, EPOLL_CTL_ADD, fd, &ev)) {
		throw_errno(env, "waiting on the ring buffer (epoll)", errno);
		return -1;
	}
	/* a batch holds ring space until JS is done with it: many must fit */
	if (p->batch_bytes > p->reader.size / 8)
		p->batch_bytes = p->reader.size / 8;
	p->cur_start = p->cur_end = p->reader.walked;
	return 0;
}

/* start(handle, onBatch) */
static napi_value js_start(napi_env env, napi_callback_info info)
{
	napi_value callback, name;
	struct tracer *t = handle_arg(env, info, &callback, 1);
	int err;

	if (!t)
		return NULL;
	if (t->thread_started) {
		napi_throw_error(env, NULL, "sysray: tracer already started");
		return NULL;
	}
	t->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (t->epoll_fd < 0) {
		throw_errno(env, "waiting on the ring buffer (epoll)", errno);
		return NULL;
	}
	if (open_ring(env, t, &t->rings[RING_BULK], bpf_map__fd(t->skel->maps.events), "mapping the ring buffer") ||
	    open_ring(env, t, &t->rings[RING_SECURITY], bpf_map__fd(t->skel->maps.security_events), "mapping the security ring buffer"))
		return NULL;
	napi_create_string_utf8(env, "sysray-ringbuf", NAPI_AUTO_LENGTH, &name);
	/* max_queue_size 0: unbounded, so handing over never waits (the credits bound it) */
	NAPI_CALL(env, napi_create_threadsafe_function(env, callback, NULL, name, 0, 1, NULL, NULL,
						       t, call_js, &t->tsfn));
	{
		const char *stall = getenv("SYSRAY_TEST_POLLER_STALL_AFTER_MS");
		t->stall_after_ns = stall && *stall ? strtoull(stall, NULL, 10) * 1000000ull : 0;
	}
	atomic_store(&t->poll_turn_ns, now_ns(CLOCK_MONOTONIC));
	err = pthread_create(&t->thread, NULL, poll_main, t);
	if (err) {
		throw_errno(env, "starting the poll thread", err);
		return NULL;
	}
	t->thread_started = 1;
	return NULL;
}

/* batchDone(handle, ring): JS has finished with the oldest batch of that ring; its space goes back. */
static napi_value js_batch_done(napi_env env, napi_callback_info info)
{
	napi_value rest[1];
	struct tracer *t = handle_arg(env, info, rest, 1);
	uint32_t ring = RING_BULK;
	struct ring_path *p;

	if (!t)
		return NULL;
	napi_get_value_uint32(env, rest[0], &ring);
	if (ring >= NR_RINGS) {
		napi_throw_range_error(env, NULL, "sysray: batchDone: no such ring");
		return NULL;
	}
	p = &t->rings[ring];
	pthread_mutex_lock(&t->credit_lock);
	if (p->in_flight > 0) {
		/* JS finishes a ring's batches in the order they were handed: all before this one are done too */
		ring_reader_release(&p->reader, p->handed[p->handed_first].end);
		p->handed_first = (p->handed_first + 1) % JS_BATCHES_IN_FLIGHT;
		p->in_flight--;
	}
	pthread_cond_signal(&t->credit_freed);
	pthread_mutex_unlock(&t->credit_lock);
	return NULL;
}

/* stop(handle): ask the poller to drain and finish; cb(null) marks the end. */
static napi_value js_stop(napi_env env, napi_callback_info info)
{
	struct tracer *t = handle_arg(env, info, NULL, 0);

	if (!t)
		return NULL;
	/*
	 * Detach first (a link's release waits for programs still running):
	 * then the drain finds every record the kernel counted, and the
	 * counters match what user space got, exactly.
	 */
	if (t->skel)
		sysray_bpf__detach(t->skel);
	bpf_link__destroy(t->raw_enter);
	bpf_link__destroy(t->raw_exit);
	t->raw_enter = t->raw_exit = NULL;
	detach_syscall_links(t);
	atomic_store(&t->stopping, 1);
	return NULL;
}

static int sum_stat(struct tracer *t, uint32_t key, unsigned long long *out)
{
	int ncpu = libbpf_num_possible_cpus();
	unsigned long long *vals;

	*out = 0;
	if (ncpu <= 0)
		return -EINVAL;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.stats), &key, vals)) {
		free(vals);
		return -errno;
	}
	for (int i = 0; i < ncpu; i++)
		*out += vals[i];
	free(vals);
	return 0;
}

/* Counters of js_stats, by the name JS reads them under. */
static const struct {
	const char *name;
	uint32_t key;
} STATS[] = {
	{ "submitted", SYSRAY_STAT_SUBMITTED },
	{ "lost", SYSRAY_STAT_LOST },
	{ "lostState", SYSRAY_STAT_LOST_STATE },
	{ "lostSecurity", SYSRAY_STAT_LOST_SECURITY },
	{ "lostSecurityState", SYSRAY_STAT_LOST_SECURITY_STATE },
	{ "submittedSecurity", SYSRAY_STAT_SUBMITTED_SECURITY },
};

/* stats(handle) → { submitted, lost, lostState, lostSecurity, lostSecurityState, submittedSecurity } (bigints) */
static napi_value js_stats(napi_env env, napi_callback_info info)
{
	struct tracer *t = handle_arg(env, info, NULL, 0);
	napi_value obj, v;

	if (!t || !t->skel)
		return NULL;
	napi_create_object(env, &obj);
	for (size_t i = 0; i < sizeof(STATS) / sizeof(STATS[0]); i++) {
		unsigned long long n = 0;
		sum_stat(t, STATS[i].key, &n);
		napi_create_bigint_uint64(env, n, &v);
		napi_set_named_property(env, obj, STATS[i].name, v);
	}
	return obj;
}

/* Bytes the kernel has written to ring `p` that user space has not given back (JS's batches included). */
static double ring_fill(const struct ring_path *p)
{
	unsigned long prod, cons;

	if (!p->open || !p->reader.size)
		return 0;
	prod = __atomic_load_n(p->reader.producer_pos, __ATOMIC_ACQUIRE);
	cons = __atomic_load_n(p->reader.consumer_pos, __ATOMIC_ACQUIRE);
	return prod > cons ? (double)(prod - cons) / (double)p->reader.size : 0;
}

/*
 * health(handle) → { pollerRunning, sinceLastTurnNs (a number, -1 before
 * start), lifecyclePrograms, lifecycleAttached, rawHooks, syscallTracepointPairs,
 * ringFill: [bulk, security] (0..1) }
 */
static napi_value js_health(napi_env env, napi_callback_info info)
{
	struct tracer *t = handle_arg(env, info, NULL, 0);
	napi_value obj, v, fill;
	uint32_t programs = 0, attached = 0;
	double since = -1;
	bool running;

	if (!t || !t->skel)
		return NULL;
	running = t->thread_started && !atomic_load(&t->stopping);
	if (t->thread_started)
		since = (double)(now_ns(CLOCK_MONOTONIC) - atomic_load_explicit(&t->poll_turn_ns, memory_order_relaxed));
	/* the programs sysray_bpf__attach attaches (the syscall hooks are not auto-attached) */
	for (int i = 0; i < t->skel->skeleton->prog_cnt; i++) {
		struct bpf_prog_skeleton *ps = &t->skel->skeleton->progs[i];
		if (!bpf_program__autoattach(*ps->prog) || !bpf_program__autoload(*ps->prog))
			continue;
		programs++;
		attached += *ps->link != NULL;
	}
	napi_create_object(env, &obj);
	napi_get_boolean(env, running, &v);
	napi_set_named_property(env, obj, "pollerRunning", v);
	napi_create_double(env, since, &v);
	napi_set_named_property(env, obj, "sinceLastTurnNs", v);
	napi_create_uint32(env, programs, &v);
	napi_set_named_property(env, obj, "lifecyclePrograms", v);
	napi_create_uint32(env, attached, &v);
	napi_set_named_property(env, obj, "lifecycleAttached", v);
	napi_get_boolean(env, t->raw_enter && t->raw_exit, &v);
	napi_set_named_property(env, obj, "rawHooks", v);
	napi_create_uint32(env, (uint32_t)t->nr_syscall_links, &v);
	napi_set_named_property(env, obj, "syscallTracepointPairs", v);
	napi_get_boolean(env, t->skel->rodata->use_task_storage != 0, &v);
	napi_set_named_property(env, obj, "taskStorage", v);
	napi_create_array_with_length(env, NR_RINGS, &fill);
	for (uint32_t i = 0; i < NR_RINGS; i++) {
		napi_create_double(env, ring_fill(&t->rings[i]), &v);
		napi_set_element(env, fill, i, v);
	}
	napi_set_named_property(env, obj, "ringFill", fill);
	return obj;
}

/* close(handle): join the poller (after stop) and free everything. */
static napi_value js_close(napi_env env, napi_callback_info info)
{
	struct tracer *t = handle_arg(env, info, NULL, 0);

	if (!t)
		return NULL;
	if (t->thread_started) {
		atomic_store(&t->stopping, 1);
		pthread_join(t->thread, NULL);
		t->thread_started = 0;
	}
	for (int i = 0; i < NR_RINGS; i++) {
		if (!t->rings[i].array)
			continue;
		/* the mapping goes when JS's last view of it does (unmap_ring_data) */
		napi_delete_reference(env, t->rings[i].array);
		t->rings[i].array = NULL;
	}
	tracer_free(t);
	return NULL;
}

/*
 * Configuration maps, by name, for src/policy/kernel-config.ts: keys and
 * values are Buffers laid out as in bpf/sysray.h.
 */
static struct bpf_map *map_arg(napi_env env, struct tracer *t, napi_value name_v)
{
	char name[64];
	size_t got;
	struct bpf_map *map;

	if (napi_get_value_string_utf8(env, name_v, name, sizeof(name), &got) != napi_ok) {
		napi_throw_type_error(env, NULL, "sysray: map name must be a string");
		return NULL;
	}
	map = bpf_object__find_map_by_name(t->skel->obj, name);
	if (!map)
		napi_throw_error(env, NULL, "sysray: no such BPF map");
	return map;
}

static int buffer_arg(napi_env env, napi_value v, size_t want, void **data, const char *what)
{
	size_t len = 0;

	if (napi_get_buffer_info(env, v, data, &len) != napi_ok || len != want) {
		char msg[160];
		snprintf(msg, sizeof(msg), "sysray: %s must be a Buffer of %zu bytes (got %zu)", what, want, len);
		napi_throw_type_error(env, NULL, msg);
		return -1;
	}
	return 0;
}

/* mapUpdate(handle, name, key, value) */
static napi_value js_map_update(napi_env env, napi_callback_info info)
{
	size_t argc = 4;
	napi_value argv[4];
	struct tracer *t;
	struct bpf_map *map;
	void *key, *value;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 4 || !(t = unwrap(env, argv[0])) || !t->skel || !(map = map_arg(env, t, argv[1])))
		return NULL;
	if (buffer_arg(env, argv[2], bpf_map__key_size(map), &key, "key") ||
	    buffer_arg(env, argv[3], bpf_map__value_size(map), &value, "value"))
		return NULL;
	if (bpf_map_update_elem(bpf_map__fd(map), key, value, BPF_ANY)) {
		char what[128];
		snprintf(what, sizeof(what), "writing map %s (full? it holds %u entries)", bpf_map__name(map),
			 bpf_map__max_entries(map));
		throw_errno(env, what, errno);
	}
	return NULL;
}

/* mapDelete(handle, name, key) → whether the key was there */
static napi_value js_map_delete(napi_env env, napi_callback_info info)
{
	size_t argc = 3;
	napi_value argv[3], result;
	struct tracer *t;
	struct bpf_map *map;
	void *key;
	int err;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 3 || !(t = unwrap(env, argv[0])) || !t->skel || !(map = map_arg(env, t, argv[1])))
		return NULL;
	if (buffer_arg(env, argv[2], bpf_map__key_size(map), &key, "key"))
		return NULL;
	err = bpf_map_delete_elem(bpf_map__fd(map), key) ? errno : 0;
	if (err && err != ENOENT) {
		throw_errno(env, "deleting from a BPF map", err);
		return NULL;
	}
	napi_get_boolean(env, err == 0, &result);
	return result;
}

/* mapLookup(handle, name, key) → value Buffer, or null */
static napi_value js_map_lookup(napi_env env, napi_callback_info info)
{
	size_t argc = 3;
	napi_value argv[3], result;
	struct tracer *t;
	struct bpf_map *map;
	void *key, *out;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 3 || !(t = unwrap(env, argv[0])) || !t->skel || !(map = map_arg(env, t, argv[1])))
		return NULL;
	if (buffer_arg(env, argv[2], bpf_map__key_size(map), &key, "key"))
		return NULL;
	NAPI_CALL(env, napi_create_buffer(env, bpf_map__value_size(map), &out, &result));
	if (bpf_map_lookup_elem(bpf_map__fd(map), key, out)) {
		if (errno != ENOENT) {
			throw_errno(env, "reading a BPF map", errno);
			return NULL;
		}
		napi_get_null(env, &result);
	}
	return result;
}

/* mapKeys(handle, name) → every key, as Buffers */
static napi_value js_map_keys(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2], result;
	struct tracer *t;
	struct bpf_map *map;
	uint32_t n = 0;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 2 || !(t = unwrap(env, argv[0])) || !t->skel || !(map = map_arg(env, t, argv[1])))
		return NULL;
	size_t ksize = bpf_map__key_size(map);
	char *prev = NULL, *next = malloc(ksize), *cur = malloc(ksize);
	if (!next || !cur) {
		free(next);
		free(cur);
		throw_errno(env, "listing a BPF map", ENOMEM);
		return NULL;
	}
	NAPI_CALL(env, napi_create_array(env, &result));
	while (bpf_map_get_next_key(bpf_map__fd(map), prev, next) == 0) {
		napi_value k;
		void *kdata;
		if (napi_create_buffer_copy(env, ksize, next, &kdata, &k) != napi_ok)
			break;
		napi_set_element(env, result, n++, k);
		memcpy(cur, next, ksize);
		prev = cur;
	}
	free(next);
	free(cur);
	return result;
}

/* setActiveSlot(handle, slot): the one store that switches policy sets */
static napi_value js_set_active_slot(napi_env env, napi_callback_info info)
{
	napi_value rest[1];
	struct tracer *t = handle_arg(env, info, rest, 1);
	uint32_t slot = 0;

	if (!t || !t->skel)
		return NULL;
	napi_get_value_uint32(env, rest[0], &slot);
	__atomic_store_n(&t->skel->bss->active_slot, slot & 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void detach_syscall_link(struct syscall_link *l)
{
	bpf_link__destroy(l->enter);
	bpf_link__destroy(l->exit);
	l->enter = l->exit = NULL;
}

struct detach_share {
	struct syscall_link *links;
	size_t n;
};

static void *detach_share_links(void *arg)
{
	struct detach_share *sh = arg;

	for (size_t i = 0; i < sh->n; i++)
		detach_syscall_link(&sh->links[i]);
	return NULL;
}

/*
 * Detaches every per-syscall link. Each release of a tracepoint's perf
 * event waits for a grace period (~70 ms here), one after the other: 52
 * syscalls' 104 links took 7.6 s. Shared among threads, the waits overlap.
 */
static void detach_syscall_links(struct tracer *t)
{
	enum { DETACH_THREADS = 16 };
	pthread_t threads[DETACH_THREADS];
	struct detach_share shares[DETACH_THREADS];
	int started[DETACH_THREADS] = { 0 };
	size_t n = t->nr_syscall_links, per = (n + DETACH_THREADS - 1) / DETACH_THREADS;

	for (int w = 0; w < DETACH_THREADS; w++) {
		size_t from = (size_t)w * per;

		if (from >= n)
			break;
		shares[w].links = &t->syscall_links[from];
		shares[w].n = n - from < per ? n - from : per;
		if (pthread_create(&threads[w], NULL, detach_share_links, &shares[w]) == 0)
			started[w] = 1;
		else
			detach_share_links(&shares[w]); /* no thread: here, in turn */
	}
	for (int w = 0; w < DETACH_THREADS; w++)
		if (started[w])
			pthread_join(threads[w], NULL);
}

static struct syscall_link *find_syscall_link(struct tracer *t, const char *name)
{
	for (size_t j = 0; j < t->nr_syscall_links; j++)
		if (!strcmp(t->syscall_links[j].name, name))
			return &t->syscall_links[j];
	return NULL;
}

/* Attaches the pair for syscall `name` (already there: nothing to do). */
static int attach_syscall_link(struct tracer *t, const char *name, char *what, size_t what_len)
{
	struct syscall_link l = {0}, *grown;
	char tp[80];

	if (find_syscall_link(t, name))
		return 0;
	snprintf(l.name, sizeof(l.name), "%s", name);
	snprintf(tp, sizeof(tp), "sys_enter_%s", name);
	l.enter = bpf_program__attach_tracepoint(t->skel->progs.syscall_tp_enter, "syscalls", tp);
	if (l.enter) {
		snprintf(tp, sizeof(tp), "sys_exit_%s", name);
		l.exit = bpf_program__attach_tracepoint(t->skel->progs.syscall_tp_exit, "syscalls", tp);
	}
	if (!l.enter || !l.exit) {
		int err = errno;
		detach_syscall_link(&l);
		snprintf(what, what_len, "attaching to the tracepoint syscalls:%s", tp);
		return err ? err : EINVAL;
	}
	grown = realloc(t->syscall_links, (t->nr_syscall_links + 1) * sizeof(*grown));
	if (!grown) {
		detach_syscall_link(&l);
		snprintf(what, what_len, "allocating syscall links");
		return ENOMEM;
	}
	t->syscall_links = grown;
	t->syscall_links[t->nr_syscall_links++] = l;
	return 0;
}

/*
 * setSyscallHooks(handle, "raw" | string[], prune): which programs see
 * syscalls — the raw pair, or the per-syscall pairs of these names. With
 * prune false the others stay (call it before switching to the policy set
 * that wants these hooks); with prune true they go (call it after).
 */
static napi_value js_set_syscall_hooks(napi_env env, napi_callback_info info)
{
	size_t argc = 3;
	napi_value argv[3];
	struct tracer *t;
	napi_valuetype type;
	uint32_t n = 0;
	bool raw, prune = false;
	char what[160];
	char (*names)[64] = NULL;
	int err;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 3) {
		napi_throw_type_error(env, NULL, "setSyscallHooks(handle, \"raw\" | string[], prune)");
		return NULL;
	}
	t = unwrap(env, argv[0]);
	if (!t || !t->skel)
		return NULL;
	NAPI_CALL(env, napi_typeof(env, argv[1], &type));
	NAPI_CALL(env, napi_get_value_bool(env, argv[2], &prune));
	raw = type == napi_string;
	if (!raw)
		NAPI_CALL(env, napi_get_array_length(env, argv[1], &n));
	/* the names, read once: attaching and pruning both use them */
	names = calloc(n ? n : 1, sizeof(*names));
	if (!names) {
		throw_errno(env, "allocating syscall names", ENOMEM);
		return NULL;
	}
	for (uint32_t i = 0; i < n; i++) {
		napi_value v;
		size_t got;

		if (napi_get_element(env, argv[1], i, &v) != napi_ok ||
		    napi_get_value_string_utf8(env, v, names[i], sizeof(names[i]), &got) != napi_ok) {
			free(names);
			napi_throw_type_error(env, NULL, "setSyscallHooks: syscall names must be strings");
			return NULL;
		}
	}

	if (raw && !t->raw_enter) {
		t->raw_enter = bpf_program__attach(t->skel->progs.sys_enter);
		t->raw_exit = t->raw_enter ? bpf_program__attach(t->skel->progs.sys_exit) : NULL;
		if (!t->raw_exit) {
			err = errno;
			bpf_link__destroy(t->raw_enter);
			t->raw_enter = NULL;
			free(names);
			throw_errno(env, "attaching to the raw tracepoints sys_enter/sys_exit", err);
			return NULL;
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		err = attach_syscall_link(t, names[i], what, sizeof(what));
		if (err) {
			free(names);
			throw_errno(env, what, err);
			return NULL;
		}
	}
	if (prune) {
		size_t kept = 0;

		if (!raw && t->raw_enter) {
			bpf_link__destroy(t->raw_enter);
			bpf_link__destroy(t->raw_exit);
			t->raw_enter = t->raw_exit = NULL;
		}
		/* keep the wanted pairs, packed at the front */
		for (size_t j = 0; j < t->nr_syscall_links; j++) {
			struct syscall_link *l = &t->syscall_links[j];
			bool wanted = false;
			for (uint32_t i = 0; i < n && !wanted; i++)
				wanted = !strcmp(names[i], l->name);
			if (wanted)
				t->syscall_links[kept++] = *l;
			else
				detach_syscall_link(l);
		}
		t->nr_syscall_links = kept;
	}
	free(names);
	return NULL;
}

/* clockOffset() → realtime minus boottime, ns: turns kernel timestamps into epoch time. */
static napi_value js_clock_offset(napi_env env, napi_callback_info info)
{
	napi_value v;
	unsigned long long best_gap = ~0ull, offset = 0;

	/* bracket the boottime read by two realtime reads; keep the tightest */
	for (int i = 0; i < 5; i++) {
		unsigned long long r1 = now_ns(CLOCK_REALTIME);
		unsigned long long b = now_ns(CLOCK_BOOTTIME);
		unsigned long long r2 = now_ns(CLOCK_REALTIME);
		if (r2 - r1 < best_gap) {
			best_gap = r2 - r1;
			offset = r1 + (r2 - r1) / 2 - b;
		}
	}
	napi_create_bigint_uint64(env, offset, &v);
	return v;
}

/* probe() → which kernel features the tracer needs are present */
static napi_value js_probe(napi_env env, napi_callback_info info)
{
	napi_value obj, v;

	libbpf_set_print(on_libbpf_print);
	napi_create_object(env, &obj);
	napi_get_boolean(env, libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) == 1, &v);
	napi_set_named_property(env, obj, "ringbuf", v);
	napi_get_boolean(env, libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_RAW_TRACEPOINT, NULL) == 1, &v);
	napi_set_named_property(env, obj, "rawTracepoint", v);
	return obj;
}

/* recordOpen(handle, { path, dir, maxFileBytes, maxFiles, compress, head }): records go to a file from now on (before start). */
static napi_value js_record_open(napi_env env, napi_callback_info info)
{
	napi_value rest[1], v;
	struct tracer *t = handle_arg(env, info, rest, 1);
	struct recorder_options o = { 0 };
	char path[4096], err[4600], msg[4700];
	size_t len = 0;
	double max_bytes = 0;
	void *head = NULL;
	int e;

	if (!t)
		return NULL;
	if (t->rec || t->thread_started) {
		napi_throw_error(env, NULL, "sysray: recordOpen: already recording, or already started");
		return NULL;
	}
	if (!get_prop(env, rest[0], "path", &v) || napi_get_value_string_utf8(env, v, path, sizeof(path), &len) != napi_ok ||
	    !get_prop(env, rest[0], "head", &v) || napi_get_buffer_info(env, v, &head, &o.head_len) != napi_ok) {
		napi_throw_type_error(env, NULL, "sysray: recordOpen needs { path: string, head: Buffer }");
		return NULL;
	}
	if (get_prop(env, rest[0], "maxFileBytes", &v))
		napi_get_value_double(env, v, &max_bytes);
	o.path = path;
	o.head = head;
	o.dir = get_bool(env, rest[0], "dir");
	o.max_file_bytes = max_bytes > 0 ? (unsigned long long)max_bytes : 0;
	o.max_files = get_u32(env, rest[0], "maxFiles", 0);
	o.compress = get_bool(env, rest[0], "compress");
	t->rec_and_js = get_bool(env, rest[0], "alsoToJs");
	if ((e = recorder_open(&t->rec, &o, err, sizeof(err)))) {
		snprintf(msg, sizeof(msg), "sysray: %s", err);
		napi_throw_error(env, NULL, msg);
		return NULL;
	}
	return NULL;
}

/* recordControl(handle, kind, payload, sticky): a JSON chunk (SNAPSHOT, POLICIES, END) in the stream, in order. */
static napi_value js_record_control(napi_env env, napi_callback_info info)
{
	size_t argc = 4;
	napi_value argv[4];
	struct tracer *t;
	uint32_t kind = 0;
	bool sticky = false;
	void *data = NULL;
	size_t len = 0;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 4 || !(t = unwrap(env, argv[0])))
		return NULL;
	if (!t->rec) {
		napi_throw_error(env, NULL, "sysray: recordControl: not recording");
		return NULL;
	}
	napi_get_value_uint32(env, argv[1], &kind);
	napi_get_value_bool(env, argv[3], &sticky);
	if (napi_get_buffer_info(env, argv[2], &data, &len) != napi_ok) {
		napi_throw_type_error(env, NULL, "sysray: recordControl: the payload must be a Buffer");
		return NULL;
	}
	if (recorder_control(t->rec, kind, data, len, sticky))
		napi_throw_error(env, NULL, "sysray: recordControl: out of memory");
	return NULL;
}

static napi_value record_stats_value(napi_env env, const struct recorder_stats *st)
{
	napi_value obj, v;

	napi_create_object(env, &obj);
#define REC_NUM(name, val) (napi_create_double(env, (double)(val), &v), napi_set_named_property(env, obj, name, v))
	REC_NUM("records", st->records);
	REC_NUM("chunks", st->chunks);
	REC_NUM("bytes", st->bytes);
	REC_NUM("rawBytes", st->raw_bytes);
	REC_NUM("lossMarkers", st->loss_markers);
	REC_NUM("unwritten", st->unwritten);
	REC_NUM("files", st->files);
#undef REC_NUM
	if (st->error)
		napi_create_string_utf8(env, st->error_what, NAPI_AUTO_LENGTH, &v);
	else
		napi_get_null(env, &v);
	napi_set_named_property(env, obj, "error", v);
	napi_create_string_utf8(env, st->path, NAPI_AUTO_LENGTH, &v);
	napi_set_named_property(env, obj, "path", v);
	return obj;
}

/* recordStats(handle) → { records, chunks, bytes, rawBytes, lossMarkers, unwritten, files, error, path } */
static napi_value js_record_stats(napi_env env, napi_callback_info info)
{
	struct tracer *t = handle_arg(env, info, NULL, 0);
	struct recorder_stats st;

	if (!t || !t->rec)
		return NULL;
	recorder_stats(t->rec, &st);
	return record_stats_value(env, &st);
}

/* recordClose(handle): after the end of start's callbacks (the poll thread is done): writes what is queued, closes; → final stats */
static napi_value js_record_close(napi_env env, napi_callback_info info)
{
	struct tracer *t = handle_arg(env, info, NULL, 0);
	struct recorder_stats st;

	if (!t || !t->rec)
		return NULL;
	if (t->thread_started) {
		atomic_store(&t->stopping, 1);
		pthread_join(t->thread, NULL);
		t->thread_started = 0;
	}
	recorder_close(t->rec, &st);
	t->rec = NULL;
	return record_stats_value(env, &st);
}

static napi_value init(napi_env env, napi_value exports)
{
	napi_property_descriptor props[] = {
		{"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
		{"start", NULL, js_start, NULL, NULL, NULL, napi_default, NULL},
		{"stop", NULL, js_stop, NULL, NULL, NULL, napi_default, NULL},
		{"batchDone", NULL, js_batch_done, NULL, NULL, NULL, napi_default, NULL},
		{"stats", NULL, js_stats, NULL, NULL, NULL, napi_default, NULL},
		{"health", NULL, js_health, NULL, NULL, NULL, napi_default, NULL},
		{"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
		{"clockOffset", NULL, js_clock_offset, NULL, NULL, NULL, napi_default, NULL},
		{"mapUpdate", NULL, js_map_update, NULL, NULL, NULL, napi_default, NULL},
		{"mapDelete", NULL, js_map_delete, NULL, NULL, NULL, napi_default, NULL},
		{"mapLookup", NULL, js_map_lookup, NULL, NULL, NULL, napi_default, NULL},
		{"mapKeys", NULL, js_map_keys, NULL, NULL, NULL, napi_default, NULL},
		{"setActiveSlot", NULL, js_set_active_slot, NULL, NULL, NULL, napi_default, NULL},
		{"setSyscallHooks", NULL, js_set_syscall_hooks, NULL, NULL, NULL, napi_default, NULL},
		{"probe", NULL, js_probe, NULL, NULL, NULL, napi_default, NULL},
		{"recordOpen", NULL, js_record_open, NULL, NULL, NULL, napi_default, NULL},
		{"recordControl", NULL, js_record_control, NULL, NULL, NULL, napi_default, NULL},
		{"recordStats", NULL, js_record_stats, NULL, NULL, NULL, napi_default, NULL},
		{"recordClose", NULL, js_record_close, NULL, NULL, NULL, napi_default, NULL},
	};
	napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
	output_file_init(env, exports);
	record_json_init(env, exports);
	return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
