// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * sysray's syscall sensor: every syscall through the raw tracepoints
 * sys_enter/sys_exit (no kprobes, no fentry). Which syscalls are traced and
 * what user memory each argument needs are data (map syscall_descs, filled
 * from the event catalog), so no syscall has C code of its own.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "sysray.h"

#include "task_read.h"
#include "event_context.h"
#include "scope.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by user space before load. */
const volatile __u32 self_tgid = 0;
const volatile __u8 capture_env = 0; /* read envp of execve/execveat */
/*
 * Describe the dirfd (or cwd) of an empty path too (AT_EMPTY_PATH: the fd
 * itself). Only the fd rendering of -o option:parse-arguments-fds shows it;
 * a relative path is resolved in user space, an empty one never is. It was
 * a path walk at every glibc fstat (newfstatat(fd, "", AT_EMPTY_PATH)).
 */
const volatile __u8 describe_empty_paths = 0;
/*
 * Wake the consumer only once this much is waiting: a wakeup per record costs
 * the traced process more than the record itself. The consumer also polls
 * with a timeout, so nothing waits longer than that.
 */
const volatile __u64 wakeup_bytes = 0;
const volatile __u64 security_wakeup_bytes = 0; /* the same, for security_events */

#define DATA_MASK (SYSRAY_DATA_MAX - 1)
/* Room after the masked end of data so that a bounded read never leaves the buffer. */
#define DATA_SLACK (SYSRAY_STR_MAX + 64)

/*
 * A record being built: header then blobs, contiguous, so one copy sends it.
 * Both headers end where data begins (the entry header is the shorter one).
 */
struct scratch {
	union {
		struct sysray_event event;
		struct {
			__u8 pad[sizeof(struct sysray_event) - sizeof(struct sysray_entry_record)];
			struct sysray_entry_record rec;
		} entry;
	};
	__u8 data[SYSRAY_DATA_MAX + DATA_SLACK];
	__u32 nr_blobs; /* blobs written so far into data */
};

/* What a thread passed at sys_enter, kept until its sys_exit. */
struct task_state {
	__u64 args[SYSRAY_MAX_ARGS];
	__u64 policies;    /* matched at entry */
	__u64 signature;   /* of policies, those a signature needs: both records go to security_events */
	__u64 signature_only; /* of those, the ones no direct selection wants: a failed path prefilter drops them */
	__u32 generation;  /* of the policy set that matched */
	__u32 syscall_nr;
	__u32 flags; /* SYSRAY_EVENT_ENTRY_LOST | SYSRAY_EVENT_HAS_ENTRY */
	__u8 active;
	__u8 retry_at_exit; /* bit i: arg i faulted at entry, read it again at exit */
	__u8 describe;      /* bit i: describe the fd in args[i] at entry (sysray_fd_info) */
	__u8 path_check;    /* the signature bits wait for the path prefilter (send_entry) */
	__u8 path_needs;    /* ... of these needs (bit k: need k of the entry's prefilter) */
	__u8 magic;         /* SYSRAY_DERIVE_MAGIC_*: magic_write's test passed at entry */
	__u8 magic_only;    /* ... and nothing else wants the record: none when nothing is written */
	__u8 exit_fd_arg;   /* the fd argument exit_fd_file is of (SYSRAY_MAX_ARGS: none) */
	/*
	 * The struct file the first fd described at exit (describe_at_exit) held
	 * at entry: at exit, another file there means a dup2 replaced it during
	 * the call (SYSRAY_BLOB_REPLACED). An address, compared, never read.
	 */
	__u64 exit_fd_file;
	/*
	 * scope_match's answer, kept for policy sets whose only scope is comm:
	 * it holds while the set (generation and slot: scope_key, 0 for none)
	 * and the thread's comm are those it was made with. Any other field
	 * can change by another process's hand (a cgroup move) or by calls
	 * not followed here, so those sets are judged every time.
	 */
	__u32 scope_key;
	__u64 scope_mask;
	__u64 scope_comm[2];
};

/* A new thread's state, from read-only data: a zeroed local would take 104 bytes of handle_enter's stack. */
const volatile __u8 fresh_task_state[sizeof(struct task_state)] = {};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 << 20); /* resized by user space */
} events SEC(".maps");

/* Records signatures need and process lifecycle (sysray.h, "Two ring buffers"). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20); /* resized by user space */
} security_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSRAY_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, struct sysray_syscall_desc);
} syscall_descs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, struct task_state);
} task_states SEC(".maps");

/*
 * The same state in the task's own storage, where the syscall hooks' program
 * types may use it (user space probes, sets use_task_storage): reached from
 * the task in a few loads, where the LRU hash above costs a hash, a bucket
 * walk and an LRU mark, two to four times a syscall. Freed with the task.
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_state);
} task_store SEC(".maps");

const volatile __u8 use_task_storage = 0;

/* The current thread's state (`tid`: its id), or NULL. */
static __always_inline struct task_state *current_task_state(__u32 tid)
{
	if (use_task_storage)
		return bpf_task_storage_get(&task_store, bpf_get_current_task_btf(), 0, 0);
	return bpf_map_lookup_elem(&task_states, &tid);
}

/* The current thread's state, made (zeroed) when it has none; NULL when there is no room for it. */
static __always_inline struct task_state *current_task_state_made(__u32 tid)
{
	if (use_task_storage)
		return bpf_task_storage_get(&task_store, bpf_get_current_task_btf(), 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	bpf_map_update_elem(&task_states, &tid, (const void *)&fresh_task_state, BPF_ANY);
	return bpf_map_lookup_elem(&task_states, &tid);
}

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_buf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SYSRAY_STAT_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&stats, &which);
	if (c)
		*c += 1;
}

/*
 * Caps v at max (unsigned) in a way the verifier sees: clang otherwise folds
 * a plain comparison into arithmetic that loses the bound.
 */
#define BOUND(v, max) asm volatile("if %0 <= %1 goto +1; %0 = %1" : "+r"(v) : "i"(max))

/* Index into scratch.data, masked where the verifier sees it (see BOUND). */
static __always_inline __u64 data_index(__u64 off)
{
	asm volatile("%0 &= %1" : "+r"(off) : "i"(DATA_MASK));
	return off;
}

static __always_inline __u64 clamp_data_len(__u64 len)
{
	BOUND(len, SYSRAY_DATA_MAX);
	return len;
}

/*
 * Wake only as the waiting data crosses the threshold: a wakeup per record
 * while the consumer is busy elsewhere doubles the cost of every traced
 * syscall. A missed wakeup costs nothing: the consumer also polls with a
 * timeout.
 */
static __always_inline __u64 wakeup_flag(__u64 avail, __u64 threshold, __u64 size)
{
	if (threshold && (avail >= threshold || avail + size < threshold))
		return BPF_RB_NO_WAKEUP;
	return BPF_RB_FORCE_WAKEUP;
}

/*
 * Sends header + `len` bytes of blobs into the bulk ring or, with
 * `security`, security_events; counts what the ring refused, apart for
 * records only sent for user-space state (`for_state`). One call site per
 * ring: the verifier sees one map at each.
 */
static __always_inline int submit(void *rec, __u32 header, __u64 len, int for_state, int security)
{
	__u64 size;

	len = clamp_data_len(len);
	size = header + len;
	if (security) {
		__u64 avail = security_wakeup_bytes ? bpf_ringbuf_query(&security_events, BPF_RB_AVAIL_DATA) : 0;
		if (bpf_ringbuf_output(&security_events, rec, size, wakeup_flag(avail, security_wakeup_bytes, size))) {
			count(for_state ? SYSRAY_STAT_LOST_SECURITY_STATE : SYSRAY_STAT_LOST_SECURITY);
			return -1;
		}
		count(SYSRAY_STAT_SUBMITTED_SECURITY);
	} else {
		__u64 avail = wakeup_bytes ? bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) : 0;
		if (bpf_ringbuf_output(&events, rec, size, wakeup_flag(avail, wakeup_bytes, size))) {
			count(for_state ? SYSRAY_STAT_LOST_STATE : SYSRAY_STAT_LOST);
			return -1;
		}
	}
	count(SYSRAY_STAT_SUBMITTED);
	return 0;
}

/* Appends a blob header at *len; returns the data offset where its bytes go. */
static __always_inline __u32 blob_start(__u32 len)
{
	return len + sizeof(struct sysray_blob);
}

static __always_inline __u32 blob_finish(struct scratch *s, __u32 len, __u8 arg,
					 __u8 kind, __u8 status, __u32 size)
{
	struct sysray_blob *b;

	if (len > SYSRAY_DATA_MAX - sizeof(*b))
		return len;
	b = (void *)&s->data[data_index(len)];
	b->arg = arg;
	b->kind = kind;
	b->status = status;
	b->pad = 0;
	b->len = size;
	s->nr_blobs += 1;
	return len + sizeof(*b) + ((size + 7) & ~7U);
}

/* Room left for a blob's data of at most `cap` bytes starting at `off`. */
static __always_inline __u32 room(__u32 off, __u32 cap)
{
	__u32 left;

	if (off >= SYSRAY_DATA_MAX)
		return 0;
	left = SYSRAY_DATA_MAX - off;
	return left < cap ? left : cap;
}

/* Copies `want` bytes of user memory into a blob. */
static __always_inline __u32 capture_bytes(struct scratch *s, __u32 len, __u8 arg,
					   __u8 kind, const void *ptr, __u32 want)
{
	__u32 off = blob_start(len);
	__u32 n = room(off, want);
	__u8 status = SYSRAY_BLOB_OK;

	if (!ptr)
		return blob_finish(s, len, arg, kind, SYSRAY_BLOB_NULL, 0);
	if (n < want)
		status = SYSRAY_BLOB_TRUNCATED;
	if (n == 0 || n > SYSRAY_STR_MAX)
		return blob_finish(s, len, arg, kind, SYSRAY_BLOB_TRUNCATED, 0);
	BOUND(n, SYSRAY_STR_MAX);
	if (bpf_probe_read_user(&s->data[data_index(off)], n, ptr))
		return blob_finish(s, len, arg, kind, SYSRAY_BLOB_FAULT, 0);
	return blob_finish(s, len, arg, kind, status, n);
}

/* A NUL-terminated string from user memory, or kernel memory when `kernel`. */
static __always_inline __u32 capture_string_from(struct scratch *s, __u32 len, __u8 arg,
						 const char *ptr, int kernel)
{
	__u32 off = blob_start(len);
	__u32 n = room(off, SYSRAY_STR_MAX);
	long got;

	if (!ptr)
		return blob_finish(s, len, arg, SYSRAY_CAPTURE_STRING, SYSRAY_BLOB_NULL, 0);
	if (n == 0)
		return blob_finish(s, len, arg, SYSRAY_CAPTURE_STRING, SYSRAY_BLOB_TRUNCATED, 0);
	BOUND(n, SYSRAY_STR_MAX);
	if (kernel)
		got = bpf_probe_read_kernel_str(&s->data[data_index(off)], n, ptr);
	else
		got = bpf_probe_read_user_str(&s->data[data_index(off)], n, ptr);
	if (got < 0)
		return blob_finish(s, len, arg, SYSRAY_CAPTURE_STRING, SYSRAY_BLOB_FAULT, 0);
	/* got counts the NUL; the blob holds the bytes without it */
	return blob_finish(s, len, arg, SYSRAY_CAPTURE_STRING,
			   (got == n && n < SYSRAY_STR_MAX) ? SYSRAY_BLOB_TRUNCATED : SYSRAY_BLOB_OK,
			   got > 0 ? got - 1 : 0);
}

static __always_inline __u32 capture_string(struct scratch *s, __u32 len, __u8 arg, const char *ptr)
{
	return capture_string_from(s, len, arg, ptr, 0);
}

/* argv/envp being copied, one element per step of bpf_loop. */
struct string_array_scan {
	const char *const *ptr;
	__u32 off, used;
	__u8 status;
};

/* One element of the array (bpf_loop callback): 1 stops the copy. */
static long string_array_step(__u64 i, void *ctx)
{
	struct string_array_scan *c = ctx;
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	const char *elem = 0;
	__u64 used = c->used;
	__u32 at, n;
	long got;

	if (!s)
		return 1;
	/*
	 * used < SYSRAY_DATA_MAX already (room() ends the copy there): masked,
	 * it is the same unknown to the verifier at every step, which then
	 * checks this body once or twice, not once per element as an
	 * unrolled loop of SYSRAY_ARGV_MAX turns was.
	 */
	asm volatile("%0 &= %1" : "+r"(used) : "i"(DATA_MASK));
	at = c->off + used;
	n = room(at, SYSRAY_STR_MAX);
	if (bpf_probe_read_user(&elem, sizeof(elem), &c->ptr[i])) {
		c->status = SYSRAY_BLOB_FAULT;
		return 1;
	}
	if (!elem)
		return 1;
	if (n == 0) {
		c->status = SYSRAY_BLOB_TRUNCATED;
		return 1;
	}
	BOUND(n, SYSRAY_STR_MAX);
	got = bpf_probe_read_user_str(&s->data[data_index(at)], n, elem);
	if (got <= 0) {
		c->status = SYSRAY_BLOB_FAULT;
		return 1;
	}
	c->used = used + got;
	if (i == SYSRAY_ARGV_MAX - 1)
		c->status = SYSRAY_BLOB_TRUNCATED;
	return 0;
}

/*
 * argv/envp: the strings one after another, each with its NUL. A global
 * (not inlined) function is verified once on its own: inlining the argv
 * copy at each of six argument positions overwhelms the verifier.
 */
__noinline int capture_string_array(__u32 len, __u64 ptr, __u32 arg, __u32 kind)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	struct string_array_scan c = { .ptr = (const char *const *)ptr, .off = blob_start(len), .status = SYSRAY_BLOB_OK };

	if (!s)
		return len;
	if (!ptr)
		return blob_finish(s, len, arg, kind, SYSRAY_BLOB_NULL, 0);
	bpf_loop(SYSRAY_ARGV_MAX, string_array_step, &c, 0);
	return blob_finish(s, len, arg, kind, c.status, c.used);
}

#include "fd_info.h"
#include "path_dirs.h"
#include "magic_write.h"
#include "perf_truth.h"

static __always_inline __u32 capture_perf_event_attr(struct scratch *s, __u32 len,
						     __u8 arg, const void *ptr)
{
	__u32 size = 0;

	if (ptr && bpf_probe_read_user(&size, sizeof(size), ptr + 4))
		return blob_finish(s, len, arg, SYSRAY_CAPTURE_PERF_EVENT_ATTR, SYSRAY_BLOB_FAULT, 0);
	if (size == 0)
		size = 64; /* PERF_ATTR_SIZE_VER0: what the kernel assumes for 0 */
	if (size > SYSRAY_PERF_ATTR_MAX)
		size = SYSRAY_PERF_ATTR_MAX;
	return capture_bytes(s, len, arg, SYSRAY_CAPTURE_PERF_EVENT_ATTR, ptr, size);
}

/*
 * Reads one input argument's memory into a blob at `len`; returns the new
 * length. Global (not inlined) so the verifier checks it once, not once per
 * argument position and caller: inlined, the six positions overwhelm it.
 */
__noinline int capture_input(__u32 len, __u32 i, __u32 kind, __u64 ptr, __u64 lenval)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);

	if (!s)
		return len;
	switch (kind) {
	case SYSRAY_CAPTURE_STRING:
		return capture_string(s, len, i, (const char *)ptr);
	case SYSRAY_CAPTURE_SOCKADDR_IN:
		if (lenval > SYSRAY_SOCKADDR_MAX)
			lenval = SYSRAY_SOCKADDR_MAX;
		return capture_bytes(s, len, i, kind, (const void *)ptr, lenval);
	case SYSRAY_CAPTURE_PERF_EVENT_ATTR:
		return capture_perf_event_attr(s, len, i, (const void *)ptr);
	case SYSRAY_CAPTURE_TIMESPEC_IN:
		return capture_bytes(s, len, i, kind, (const void *)ptr, 16);
	case SYSRAY_CAPTURE_OPEN_HOW:
		if (lenval > SYSRAY_OPEN_HOW_MAX)
			lenval = SYSRAY_OPEN_HOW_MAX;
		return capture_bytes(s, len, i, kind, (const void *)ptr, lenval);
	case SYSRAY_CAPTURE_BPF_ATTR:
		if (lenval > SYSRAY_BPF_ATTR_MAX)
			lenval = SYSRAY_BPF_ATTR_MAX;
		return capture_bytes(s, len, i, kind, (const void *)ptr, lenval);
	}
	return len;
}

static __always_inline __u32 capture_entry_arg(struct scratch *s, __u32 len,
					       const struct sysray_syscall_desc *d, __u64 *args, int i)
{
	__u8 kind = d->capture[i];
	__u8 la = d->len_arg[i];

	switch (kind) {
	case SYSRAY_CAPTURE_NONE:
		return len;
	case SYSRAY_CAPTURE_STRING_ARRAY:
		return capture_string_array(len, args[i], i, kind);
	case SYSRAY_CAPTURE_ENV_ARRAY:
		if (!capture_env)
			return len;
		return capture_string_array(len, args[i], i, kind);
	case SYSRAY_CAPTURE_FSCONFIG_VALUE: {
		__u32 cmd = (__u32)args[1];
		/* FSCONFIG_SET_STRING, _SET_PATH, _SET_PATH_EMPTY: the others carry no string */
		if (cmd != 1 && cmd != 3 && cmd != 4)
			return len;
		return capture_input(len, i, SYSRAY_CAPTURE_STRING, args[i], 0);
	}
	}
	return capture_input(len, i, kind, args[i], la < SYSRAY_MAX_ARGS ? args[la & 7] : 0);
}

/* True when the blob just written at `at` says the memory faulted. */
static __always_inline int blob_faulted(struct scratch *s, __u32 at, __u32 len)
{
	struct sysray_blob *b;

	if (len == at || at > SYSRAY_DATA_MAX - sizeof(*b))
		return 0;
	b = (void *)&s->data[data_index(at)];
	return b->status == SYSRAY_BLOB_FAULT;
}

/*
 * Reads an entry capture again at exit: a second chance for input memory
 * that faulted at entry, or the read of a record put off to the exit. What
 * is read gets status `ok` (SYSRAY_BLOB_OK_AT_EXIT, SYSRAY_BLOB_DEFERRED).
 */
static __always_inline __u32 recapture_arg(struct scratch *s, __u32 len,
					   const struct sysray_syscall_desc *d, __u64 *args, int i, __u8 ok)
{
	__u32 at = len;
	struct sysray_blob *b;

	switch (d->capture[i]) {
	case SYSRAY_CAPTURE_STRING:
	case SYSRAY_CAPTURE_SOCKADDR_IN:
	case SYSRAY_CAPTURE_PERF_EVENT_ATTR:
	case SYSRAY_CAPTURE_TIMESPEC_IN:
	case SYSRAY_CAPTURE_FSCONFIG_VALUE:
	case SYSRAY_CAPTURE_OPEN_HOW:
	case SYSRAY_CAPTURE_BPF_ATTR:
		len = capture_entry_arg(s, len, d, args, i);
		break;
	default:
		return len;
	}
	if (len == at || at > SYSRAY_DATA_MAX - sizeof(*b))
		return len;
	b = (void *)&s->data[data_index(at)];
	if (b->status == SYSRAY_BLOB_OK)
		b->status = ok;
	return len;
}

static __always_inline __u32 capture_exit_arg(struct scratch *s, __u32 len,
					      const struct sysray_syscall_desc *d, __u64 *args, int i,
					      long ret)
{
	const void *ptr = (const void *)args[i];
	__u8 kind = d->capture[i];

	/* Outputs are written only when the syscall succeeds. */
	if (ret < 0)
		return len;
	switch (kind) {
	case SYSRAY_CAPTURE_SOCKADDR_OUT: {
		__u8 la = d->len_arg[i];
		int want = 0;
		const void *lenp = la < SYSRAY_MAX_ARGS ? (const void *)args[la & 7] : 0;
		if (!ptr || !lenp)
			return capture_bytes(s, len, i, kind, 0, 0);
		if (bpf_probe_read_user(&want, sizeof(want), lenp))
			return blob_finish(s, len, i, kind, SYSRAY_BLOB_FAULT, 0);
		if (want < 0)
			want = 0;
		if (want > SYSRAY_SOCKADDR_MAX)
			want = SYSRAY_SOCKADDR_MAX;
		return capture_bytes(s, len, i, kind, ptr, want);
	}
	case SYSRAY_CAPTURE_INT_PAIR_OUT: {
		int fds[2];

		len = capture_bytes(s, len, i, kind, ptr, 8);
		/* pipe's and socketpair's two new fds, as the kernel made them */
		if (ptr && !bpf_probe_read_user(fds, sizeof(fds), ptr)) {
			len = capture_fd_info(len, (__u64)current_fd_file(fds[0]), SYSRAY_BLOB_ARG_PAIR_FIRST);
			len = capture_fd_info(len, (__u64)current_fd_file(fds[1]), SYSRAY_BLOB_ARG_PAIR_SECOND);
		}
		return len;
	}
	case SYSRAY_CAPTURE_TIMESPEC_OUT:
		return capture_bytes(s, len, i, kind, ptr, 16);
	}
	return len;
}

/*
 * capture_exit_arg for argument i of the current thread's syscall `nr`,
 * global: verified once, not again for every combination of what the
 * arguments before it captured (that was most of handle_exit's
 * verification, and of handle_enter's, which inlines emit_event too).
 */
__noinline int capture_exit_arg_at(__u32 len, __u32 nr, __u32 i, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0;
	const struct sysray_syscall_desc *d = bpf_map_lookup_elem(&syscall_descs, &nr);
	struct task_state *st = current_task_state(tid);
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);

	if (!d || !st || !s || i >= SYSRAY_MAX_ARGS)
		return len;
	BOUND(i, SYSRAY_MAX_ARGS - 1); /* where the verifier sees it, on the register indexing */
	return capture_exit_arg(s, len, d, st->args, i, ret);
}

/* task_state.path_check */
#define PATH_CHECK 1
#define PATH_CHECK_STATE 2 /* the selection wants the record for user-space state anyway */
#define PATH_AT_EXIT 4     /* decided at exit on the returned fd's path (send_entry) */
#define PATH_ARG_FAILED 8  /* the string failed it at entry: what decides when the syscall fails */
#define PATH_DEFERRED 16   /* no entry record was sent: the event carries the entry captures */
#define PATH_SLOT1 32      /* the prefilter is config slot 1's */

__noinline int exit_path_fails(__u32 fd_at, __u32 path_check, __u32 nr, __u32 needs);
__noinline int deferred_entry_captures(__u32 len);

/*
 * The ring of a syscall's records (sysray.h "Two ring buffers"): the
 * security ring for signatures, and for execve/execveat, whose
 * sched_process_exec goes there: user space reads the exec first.
 */
static __always_inline int to_security_ring(const struct task_state *st, const struct sysray_syscall_desc *d)
{
	return st->signature != 0 || (d->flags & SYSRAY_DESC_REPLACES_MEMORY);
}

/* Builds and sends the event record: context, registers, exit-time blobs. */
static __always_inline void emit_event(struct scratch *s, const struct sysray_syscall_desc *d,
				       struct task_state *st, __u32 nr, long ret, __u32 flags)
{
	struct sysray_event *e = &s->event;
	__u32 len = 0, fd_at = SYSRAY_DATA_MAX;

	s->nr_blobs = 0;
	fill_context(e);
	e->head.type = SYSRAY_RECORD_EVENT;
	e->event_id = nr;
	e->retval = ret;
	e->flags = flags | st->flags;
	e->policies = st->policies;
	e->generation = st->generation;
	e->pad = 0;
	for (int i = 0; i < SYSRAY_MAX_ARGS; i++)
		e->args[i] = st->args[i];
	/* outputs, on success; only the arguments that have one: each call looks the task's state up again (a hash lookup) */
	if (d->exit_captures && ret >= 0) {
		for (int i = 0; i < SYSRAY_MAX_ARGS; i++)
			if (d->exit_captures & (1 << i))
				len = capture_exit_arg_at(len, nr, i, ret);
	}
	if ((d->flags & SYSRAY_DESC_RETURNS_FD) && ret >= 0) {
		__u64 f = (__u64)current_fd_file(ret);

		fd_at = len;
		len = capture_fd_info(len, f, SYSRAY_BLOB_ARG_RETVAL);
		/* perf_event_open: the attr the kernel used (sysray.h KERNEL_PERF_ATTR) */
		if (d->capture[0] == SYSRAY_CAPTURE_PERF_EVENT_ATTR)
			len = capture_kernel_perf_attr(len, f);
	}
	if (d->describe_at_exit && (ret >= 0 || ret == -115 /* EINPROGRESS: a connect under way */))
		len = describe_fd_args(len, d->describe_at_exit);
	if (st->magic && ret > 0)
		len = capture_magic_write(len, ret);
	/* after a successful exec the addresses point into the new program; a deferred record reads all below */
	if (st->retry_at_exit && !(ret == 0 && (d->flags & SYSRAY_DESC_REPLACES_MEMORY)) && !(st->path_check & PATH_DEFERRED)) {
		for (int i = 0; i < SYSRAY_MAX_ARGS; i++)
			if (st->retry_at_exit & (1 << i))
				len = recapture_arg(s, len, d, st->args, i, SYSRAY_BLOB_OK_AT_EXIT);
		/* the directories of relative paths read only now */
		len = describe_path_dirs(len, nr);
	}
	if (st->path_check & PATH_AT_EXIT) {
		if (exit_path_fails(fd_at, st->path_check, nr, st->path_needs)) {
			/* no signature needs it: what is left goes as if they had not been asked */
			st->policies &= ~st->signature_only;
			e->policies = st->policies;
			if (!st->policies && !(st->path_check & PATH_CHECK_STATE))
				return;
		}
		/* after the test: what is dropped costs no reading */
		if (st->path_check & PATH_DEFERRED)
			len = deferred_entry_captures(len);
	}
	if (len > SYSRAY_DATA_MAX)
		len = SYSRAY_DATA_MAX;
	e->head.nr_blobs = s->nr_blobs;
	e->head.size = sizeof(*e) + len;
	submit(s, sizeof(*e), len, e->policies == 0, to_security_ring(st, d));
}

/*
 * The arguments of the syscall being entered, per CPU: the tracepoint hook
 * fills it, or handle_enter from the raw hook's registers; handle_enter reads it.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sysray_entry_args);
} entry_args SEC(".maps");

/* Per selection entry, the signatures' needs (sysray.h struct sysray_prefilter). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSRAY_CONFIG_SLOTS * SYSRAY_SELECTION_PER_SLOT);
	__type(key, __u32);
	__type(value, struct sysray_prefilter);
} prefilters SEC(".maps");

/* The path prefixes of the needs, per selection entry (sysray.h struct sysray_prefix_key). */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, SYSRAY_PREFILTER_PREFIX_ENTRIES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct sysray_prefix_key);
	__type(value, __u32);
} prefilter_prefixes SEC(".maps");

/* The key of a prefix lookup, built here: 72 bytes are too many for the stack of the callers. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sysray_prefix_key);
} prefix_key_buf SEC(".maps");

/* prefilter_entry_needs: a need with no path condition passed, so the record does */
#define NEEDS_NO_PATH (1U << SYSRAY_PREFILTER_NEEDS)
#define NEEDS_ALL ((1U << SYSRAY_PREFILTER_NEEDS) - 1)

static __always_inline int need_int_passes(const struct sysray_prefilter_need *n, const __u64 *args)
{
	__u32 i = n->int_arg;
	__u64 v;

	if (i >= SYSRAY_MAX_ARGS)
		return 1;
	BOUND(i, SYSRAY_MAX_ARGS - 1);
	v = args[i];
	if (n->int_bits == 32)
		v &= 0xffffffff;
	if (v & n->any_bits)
		return 1;
	for (int k = 0; k < SYSRAY_PREFILTER_VALUES; k++) {
		if (k >= n->nr_values)
			break;
		if (v == n->values[k])
			return 1;
	}
	return 0;
}

/* Whether the current task's cgroup is a container's, as scope_match's SYSRAY_FIELD_CONTAINER tells. */
static __always_inline int task_in_container(void)
{
	__u64 cgid;

	if (TASK_BTF)
		cgid = container_cgroup_id(1, current_task(1));
	else
		cgid = container_cgroup_id(0, current_task(0));
	return bpf_map_lookup_elem(&container_cgroups, &cgid) != 0;
}

/*
 * The needs of prefilter `index` whose entry conditions (int, origin) pass
 * on the registers in entry_args: bit k for need k when it has a path
 * condition still to pass, NEEDS_NO_PATH when a need without one passed (the
 * record passes); 0: none passed. Global: verified once.
 */
__noinline __u32 prefilter_entry_needs(__u32 index)
{
	const struct sysray_prefilter *pf = bpf_map_lookup_elem(&prefilters, &index);
	__u32 zero = 0, out = 0;
	struct sysray_entry_args *a = bpf_map_lookup_elem(&entry_args, &zero);
	int container = -1;

	if (!pf || !a)
		return NEEDS_NO_PATH;
	for (int k = 0; k < SYSRAY_PREFILTER_NEEDS; k++) {
		const struct sysray_prefilter_need *n = &pf->needs[k];

		if (k >= pf->nr_needs)
			break;
		if ((n->flags & SYSRAY_NEED_INT) && !need_int_passes(n, a->args))
			continue;
		if (n->flags & (SYSRAY_NEED_CONTAINER | SYSRAY_NEED_HOST)) {
			if (container < 0)
				container = task_in_container();
			if ((n->flags & SYSRAY_NEED_CONTAINER) && !container)
				continue;
			if ((n->flags & SYSRAY_NEED_HOST) && container)
				continue;
		}
		out |= (n->flags & (SYSRAY_NEED_PATH | SYSRAY_NEED_ENTRY_FAULT)) ? 1U << k : NEEDS_NO_PATH;
	}
	return out;
}

/*
 * Of `needs` (bits of prefilter `index`, still to pass), once the entry
 * captures are read: those left after the entry-fault conditions, on the
 * arguments that faulted (`faulted`, bit i: args[i]); NEEDS_NO_PATH when a
 * need is left with no path condition (the record passes), 0 when none is.
 * Global: verified once.
 */
__noinline __u32 entry_fault_needs(__u32 index, __u32 needs, __u32 faulted)
{
	const struct sysray_prefilter *pf = bpf_map_lookup_elem(&prefilters, &index);
	__u32 out = 0;

	if (!pf)
		return NEEDS_NO_PATH;
	for (int k = 0; k < SYSRAY_PREFILTER_NEEDS; k++) {
		const struct sysray_prefilter_need *n = &pf->needs[k];

		if (k >= pf->nr_needs)
			break;
		if (!(needs & (1U << k)))
			continue;
		if ((n->flags & SYSRAY_NEED_ENTRY_FAULT) && !(faulted & (1U << (n->fault_arg & 7))))
			continue;
		out |= (n->flags & SYSRAY_NEED_PATH) ? 1U << k : NEEDS_NO_PATH;
	}
	return out;
}

/*
 * The needs of selection entry `index` whose prefixes the `len` bytes at
 * s->data[at], a path starting with '/', start with (one trie lookup on the
 * first SYSRAY_PREFILTER_PATH_MAX bytes); `truncated`: they were cut, so
 * when shorter than that a longer prefix may still match: all pass.
 */
static __always_inline __u32 prefix_needs(struct scratch *s, __u32 index, __u32 at, __u32 len, int truncated)
{
	__u32 zero = 0;
	struct sysray_prefix_key *key = bpf_map_lookup_elem(&prefix_key_buf, &zero);
	const __u32 *bits;

	if (!key || (truncated && len < SYSRAY_PREFILTER_PATH_MAX))
		return NEEDS_ALL;
	if (len > SYSRAY_PREFILTER_PATH_MAX)
		len = SYSRAY_PREFILTER_PATH_MAX;
	key->prefixlen = 32 + 8 * len;
	key->index = index;
	/* the bytes past len are not compared: prefixlen ends before them */
	bpf_probe_read_kernel(key->path, sizeof(key->path), &s->data[data_index(at)]);
	bits = bpf_map_lookup_elem(&prefilter_prefixes, key);
	return bits ? *bits : 0;
}

/*
 * Whether the string blob of the prefilter's argument, among the `end`
 * bytes of blobs written, fails the path conditions of `needs` of prefilter
 * `index`: it starts with '/' and with none of their prefixes. What could
 * not be read, or was cut short, passes: user space decides it. Global:
 * verified once, on its own.
 */
__noinline int path_prefilter_fails(__u32 end, __u32 index, __u32 needs)
{
	const struct sysray_prefilter *pf = bpf_map_lookup_elem(&prefilters, &index);
	__u32 zero = 0, len, at = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	struct sysray_blob *b = 0;
	__u8 truncated;

	if (!pf || !s)
		return 0;
	/* find the argument's blob among those written (at most two per argument) */
	for (int k = 0; k < 2 * SYSRAY_MAX_ARGS; k++) {
		struct sysray_blob *c;

		if (at > SYSRAY_DATA_MAX - sizeof(*c) || at + sizeof(*c) > end)
			return 0;
		c = (void *)&s->data[data_index(at)];
		if (c->arg == pf->path_arg && c->kind == SYSRAY_CAPTURE_STRING) {
			b = c;
			break;
		}
		at += sizeof(*c) + ((c->len + 7) & ~7U);
	}
	if (!b)
		return 0;
	truncated = b->status == SYSRAY_BLOB_TRUNCATED;
	if (b->kind != SYSRAY_CAPTURE_STRING || (b->status != SYSRAY_BLOB_OK && !truncated) || b->len == 0)
		return 0;
	len = b->len;
	at += sizeof(*b);
	if (s->data[data_index(at)] != '/')
		return 0;
	return !(prefix_needs(s, index, at, len, truncated) & needs);
}

/*
 * At the exit of a syscall whose path prefilter waits for it (PATH_AT_EXIT):
 * whether it fails. On the path of the returned fd when its FD_INFO blob at
 * `fd_at` (SYSRAY_DATA_MAX: none, the syscall failed) is a FILE's; else as
 * the string did at entry. Global: verified once.
 */
__noinline int exit_path_fails(__u32 fd_at, __u32 path_check, __u32 nr, __u32 needs)
{
	__u32 index = ((path_check & PATH_SLOT1) ? SYSRAY_SELECTION_PER_SLOT : 0) + (nr & (SYSRAY_MAX_SYSCALLS - 1));
	const struct sysray_prefilter *pf = bpf_map_lookup_elem(&prefilters, &index);
	__u32 zero = 0, at, len;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	struct sysray_blob *b;
	struct sysray_fd_info *info;
	int arg_failed = (path_check & PATH_ARG_FAILED) != 0;

	if (!pf || !s || fd_at > SYSRAY_DATA_MAX - sizeof(*b) - sizeof(*info))
		return arg_failed;
	b = (void *)&s->data[data_index(fd_at)];
	info = (void *)&s->data[data_index(fd_at + sizeof(*b))];
	if (b->kind != SYSRAY_CAPTURE_FD_INFO || info->kind != SYSRAY_FD_FILE || b->len <= sizeof(*info))
		return arg_failed;
	at = fd_at + sizeof(*b) + sizeof(*info);
	len = b->len - sizeof(*info);
	if (s->data[data_index(at)] != '/')
		return arg_failed;
	return !(prefix_needs(s, index, at, len, 0) & needs);
}

/*
 * The entry captures of a record sent at exit alone (PATH_DEFERRED), read
 * again there: SYSRAY_BLOB_DEFERRED, or SYSRAY_BLOB_OK_AT_EXIT for those
 * whose entry read faulted (retry_at_exit), as a retried capture is.
 * Global: verified once, not in every caller of emit_event.
 */
__noinline int deferred_entry_captures(__u32 len)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0, nr;
	struct task_state *st = current_task_state(tid);
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	const struct sysray_syscall_desc *d;

	if (!st || !s)
		return len;
	nr = st->syscall_nr;
	d = bpf_map_lookup_elem(&syscall_descs, &nr);
	if (!d)
		return len;
	for (int i = 0; i < SYSRAY_MAX_ARGS; i++)
		len = recapture_arg(s, len, d, st->args, i,
				    (st->retry_at_exit & (1 << i)) ? SYSRAY_BLOB_OK_AT_EXIT : SYSRAY_BLOB_DEFERRED);
	return describe_path_dirs(len, nr);
}

/*
 * Whether the path prefilter `index` of syscall `d` is on a path it resolves
 * (its dirfd's or the cwd's: open's, openat's pathname), so that on success
 * the returned fd is the file it named. Not memfd_create's or mq_open's name.
 */
static __always_inline int prefilter_on_path(const struct sysray_syscall_desc *d, __u32 index)
{
	const struct sysray_prefilter *pf = bpf_map_lookup_elem(&prefilters, &index);
	__u32 a;

	if (!pf || !(d->flags & SYSRAY_DESC_RETURNS_FD))
		return 0;
	a = pf->path_arg;
	if (a >= SYSRAY_MAX_ARGS)
		return 0;
	return ((d->cwd_paths >> a) & 1) || (a > 0 && ((d->dirfd_paths >> (a - 1)) & 1));
}

/*
 * The path prefilter of a syscall that returns an fd waits for its exit
 * (exit_path_fails). A record only signatures want is then not sent at
 * entry: returns 1, the event will carry the entry captures.
 */
static __always_inline int defer_path_check(struct task_state *st, __u32 len, __u32 index)
{
	st->path_check |= PATH_AT_EXIT | (index >= SYSRAY_SELECTION_PER_SLOT ? PATH_SLOT1 : 0);
	if (path_prefilter_fails(len, index, st->path_needs))
		st->path_check |= PATH_ARG_FAILED;
	if (st->policies != st->signature_only || (st->path_check & PATH_CHECK_STATE))
		return 0;
	/* retry_at_exit stays: it says which of the captures read at exit faulted at entry */
	st->path_check |= PATH_DEFERRED;
	st->flags = 0;
	return 1;
}

/*
 * Reads the input memory of the syscall `nr` that thread `tid` is entering
 * and sends it as an entry record; first, the path prefilter of selection
 * entry `index` on the signature bits. Global (verified once on its own):
 * inlined into sys_enter, the six argument positions overwhelm the verifier.
 */
__noinline int send_entry(__u32 tid, __u32 nr, __u32 index)
{
	const struct sysray_syscall_desc *d = bpf_map_lookup_elem(&syscall_descs, &nr);
	struct task_state *st = current_task_state(tid);
	__u32 zero = 0, len = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);

	if (!d || !st || !s)
		return 0;
	s->nr_blobs = 0;
	st->retry_at_exit = 0;
	/* nothing about the prefilter is kept across this loop: each value kept multiplies the verifier's states */
	for (int i = 0; i < SYSRAY_MAX_ARGS; i++) {
		__u32 at = len;
		len = capture_entry_arg(s, len, d, st->args, i);
		if (blob_faulted(s, at, len))
			st->retry_at_exit |= 1 << i;
		/* a negative fd (perf_event_open's group_fd -1) names no file */
		if ((st->describe & (1 << i)) && (int)st->args[i] >= 0)
			len = capture_fd_info(len, (__u64)current_fd_file((int)st->args[i]), i);
	}
	if (st->path_check) {
		__u32 left = entry_fault_needs(index, st->path_needs, st->retry_at_exit);

		if (left & NEEDS_NO_PATH)
			st->path_check = 0; /* a need passed whole: no path to wait for */
		else
			st->path_needs = left; /* 0: none is left, the prefilter failed */
	}
	if (st->path_check && st->path_needs && prefilter_on_path(d, index)) {
		if (defer_path_check(st, len, index))
			return 0;
	} else if (st->path_check && (!st->path_needs || path_prefilter_fails(len, index, st->path_needs))) {
		/* no signature needs it: what is left goes as if they had not been asked */
		st->policies &= ~st->signature_only;
		st->signature = 0;
		if (!st->policies && !(st->path_check & PATH_CHECK_STATE)) {
			st->active = 0;
			return 0;
		}
	}
	len = describe_path_dirs(len, nr);
	if (len > SYSRAY_DATA_MAX)
		len = SYSRAY_DATA_MAX;
	s->entry.rec.head.type = SYSRAY_RECORD_ENTRY;
	s->entry.rec.head.nr_blobs = s->nr_blobs;
	s->entry.rec.head.size = sizeof(s->entry.rec) + len;
	s->entry.rec.host_tid = tid;
	s->entry.rec.syscall_nr = nr;
	if (submit(&s->entry.rec, sizeof(s->entry.rec), len, st->policies == 0, to_security_ring(st, d)))
		st->flags = SYSRAY_EVENT_ENTRY_LOST;
	else
		st->flags = SYSRAY_EVENT_HAS_ENTRY;
	return 0;
}

/*
 * The derive test of a syscall (SYSRAY_DERIVE_*) on its arguments. Global
 * (verified once): inlined, each test's branches multiply handle_enter's.
 */
__noinline int derive_test(__u32 derive, __u64 a0, __u64 a2, __u64 a3)
{
	switch (derive) {
	case SYSRAY_DERIVE_PERF_FD:
		return file_is_perf_event(current_fd_file((int)a0));
	case SYSRAY_DERIVE_PERF_PRCTL:
		return a0 == 31 /* PR_TASK_PERF_EVENTS_DISABLE */ || a0 == 32 /* ..._ENABLE */;
	case SYSRAY_DERIVE_MEM_PROT:
		return (a2 & 0x6 /* PROT_WRITE|PROT_EXEC */) || (a3 & 0x10 /* MAP_FIXED */);
	}
	if (is_magic_derive(derive))
		return magic_write_candidate(derive, a0, a2, a3);
	return 0;
}

/*
 * Whether syscall `nr` is selected in the slot in force, as seen from the
 * hook `hook` (SYSRAY_HOOK_*): the set says which hook takes syscall
 * entries, so that while user space swaps hooks both never take the same one.
 */
static __always_inline const struct sysray_selection *entry_selection(__u32 nr, __u32 hook,
								      const struct sysray_policy_config **cfg,
								      __u32 *slot)
{
	const struct sysray_selection *sel;
	__u32 index;

	if (nr >= SYSRAY_MAX_SYSCALLS)
		return 0;
	*cfg = current_config(slot);
	if (!*cfg || (*cfg)->entry_hook != hook)
		return 0;
	index = *slot * SYSRAY_SELECTION_PER_SLOT + nr;
	sel = bpf_map_lookup_elem(&selection, &index);
	if (!sel || !(sel->policies | sel->derived | sel->signature | sel->signature_derived | sel->state))
		return 0;
	return sel;
}

/*
 * scope_match's answer for the current thread with a comm-only policy set
 * (task_state.scope_key): the kept one while the set and the comm are
 * those it was made with, else made again and kept.
 */
static __always_inline __u64 kept_scope_match(struct task_state *st, const struct sysray_policy_config *cfg, __u32 slot,
					      __u32 tgid, __u32 tid)
{
	__u32 key = (cfg->generation << 1 | slot) + 1;
	__u64 comm[2];

	scope_comm_words(comm);
	if (st->scope_key == key && st->scope_comm[0] == comm[0] && st->scope_comm[1] == comm[1])
		return st->scope_mask;
	st->scope_mask = scope_match(slot, tgid, tid);
	st->scope_key = key;
	st->scope_comm[0] = comm[0];
	st->scope_comm[1] = comm[1];
	return st->scope_mask;
}

/*
 * A selected syscall `nr` is being entered, its arguments in entry_args:
 * judge scope, keep the arguments for the exit. Returns 1 when its entry
 * memory is to be sent (enter() does). Global (verified once, on its own)
 * and shared by both kinds of hooks.
 */
__noinline int handle_enter(__u32 nr, __u32 slot)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id, zero = 0;
	const struct sysray_policy_config *cfg;
	const struct sysray_syscall_desc *d;
	const struct sysray_selection *sel;
	struct sysray_entry_args *a;
	struct task_state *st;
	struct scratch *s;
	__u64 selecting, sig = 0, policies = 0;
	__u32 index, path_needs = 0;
	__u8 describe, magic = 0;

	if (nr >= SYSRAY_MAX_SYSCALLS)
		return 0;
	slot &= 1;
	cfg = bpf_map_lookup_elem(&policy_config, &slot);
	index = slot * SYSRAY_SELECTION_PER_SLOT + nr;
	sel = bpf_map_lookup_elem(&selection, &index);
	d = bpf_map_lookup_elem(&syscall_descs, &nr);
	a = bpf_map_lookup_elem(&entry_args, &zero);
	if (!cfg || !sel || !d || !a)
		return 0;
	selecting = sel->policies;
	describe = d->describe_fds;
	if ((sel->derived | sel->signature_derived) && derive_test(d->derive, a->args[0], a->args[2], a->args[3])) {
		selecting |= sel->derived;
		sig = sel->signature_derived;
		if (d->derive == SYSRAY_DERIVE_PERF_FD)
			describe |= 1; /* the counter behind the fd */
		else if (d->derive == SYSRAY_DERIVE_MEM_PROT && !(a->args[3] & 0x20 /* MAP_ANONYMOUS */) && (int)a->args[4] >= 0)
			describe |= 1 << 4; /* the mapped file */
		if (is_magic_derive(d->derive))
			magic = d->derive; /* described at exit: no entry record */
	}
	sig |= sel->signature;
	if (sig && sel->prefilter) {
		__u32 needs = prefilter_entry_needs(index);

		if (!needs)
			sig = 0;
		else if (!(needs & NEEDS_NO_PATH))
			path_needs = needs;
	}
	/* st: the thread's state when the scope answer is kept in it (comm-only scopes), else looked up below */
	st = 0;
	if (selecting | sig) {
		st = cfg->fields == SYSRAY_FIELD_COMM ? current_task_state(tid) : 0;
		policies = (st ? kept_scope_match(st, cfg, slot, tgid, tid) : scope_match(slot, tgid, tid)) & (selecting | sig);
	}
	if (!policies && !sel->state)
		return 0;

	if (!st)
		st = current_task_state_made(tid);
	if (!st) {
		count(!policies ? SYSRAY_STAT_LOST_STATE : (policies & sig) ? SYSRAY_STAT_LOST_SECURITY : SYSRAY_STAT_LOST);
		return 0;
	}
	st->syscall_nr = nr;
	st->policies = policies;
	st->signature = policies & sig;
	st->signature_only = st->signature & ~selecting;
	st->path_check = 0;
	st->path_needs = path_needs;
	if (st->signature && path_needs)
		st->path_check = PATH_CHECK | (sel->state ? PATH_CHECK_STATE : 0);
	st->generation = cfg->generation;
	st->flags = 0;
	st->retry_at_exit = 0;
	st->describe = describe;
	st->magic = (policies & (sel->derived | sel->signature_derived)) ? magic : 0;
	st->magic_only = st->magic && !sel->state && !(policies & (sel->policies | sel->signature));
	st->active = 1;
	for (int i = 0; i < SYSRAY_MAX_ARGS; i++)
		st->args[i] = a->args[i];
	st->exit_fd_arg = SYSRAY_MAX_ARGS;
	if (d->describe_at_exit)
		keep_exit_fd_file(d->describe_at_exit);

	if (!d->entry_captures && !describe && !(d->flags & SYSRAY_DESC_NO_RETURN))
		return 0;
	s = bpf_map_lookup_elem(&scratch_buf, &zero);
	if (!s)
		return 0;
	if ((d->flags & SYSRAY_DESC_NO_RETURN))
		return 2; /* its event now: enter() has handle_exit send it */

	return 1;
}

/*
 * handle_enter, then send_entry from here, not from inside it: two frames
 * side by side, not nested, keep the path walk's chain under the 512 bytes
 * of stack a kernel counts global functions' frames into
 * (test/layout/bpf-stack.test.ts).
 */
__noinline int handle_exit(__u32 nr, long ret, __u32 flags);

static __always_inline int enter(__u32 nr, __u32 slot)
{
	int then = handle_enter(nr, slot);

	if (then == 1)
		send_entry((__u32)bpf_get_current_pid_tgid(), nr, (slot & 1) * SYSRAY_SELECTION_PER_SLOT + nr);
	else if (then == 2)
		handle_exit(nr, 0, SYSRAY_EVENT_AT_ENTRY);
	return 0;
}

/*
 * Syscall `nr` of the current thread returns `ret`: send its event if its
 * entry was taken. `flags` SYSRAY_EVENT_AT_ENTRY: one that does not return
 * (exit, exit_group), sent at its entry.
 */
__noinline int handle_exit(__u32 nr, long ret, __u32 flags)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0;
	const struct sysray_syscall_desc *d;
	struct task_state *st;
	struct scratch *s;

	/* a task_state is active only when an entry hook matched a policy */
	st = current_task_state(tid);
	if (!st || !st->active)
		return 0;
	if (st->syscall_nr != nr)
		return 0;
	d = bpf_map_lookup_elem(&syscall_descs, &nr);
	if (!d)
		return 0;
	st->active = 0;
	if (st->magic_only && magic_wrote_nothing(ret))
		return 0; /* magic_write alone wanted it, and nothing was written */
	s = bpf_map_lookup_elem(&scratch_buf, &zero);
	if (!s)
		return 0;
	emit_event(s, d, st, nr, ret, flags);
	return 0;
}

/*
 * The first steps of both entry hooks: for a syscall `nr` that hook `hook`
 * takes and the slot in force selects, outside sysray itself, the per-CPU
 * entry_args the hook fills before handle_enter; else NULL.
 */
static __always_inline struct sysray_entry_args *selected_entry(__u32 nr, __u32 hook, __u32 *slot)
{
	const struct sysray_policy_config *cfg;
	__u32 zero = 0;

	if ((bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return 0;
	if (!entry_selection(nr, hook, &cfg, slot))
		return 0;
	return bpf_map_lookup_elem(&entry_args, &zero);
}

/*
 * The generic hooks: every syscall of every task runs them, so what nothing
 * selects costs one map lookup. User space attaches them when many syscalls
 * are selected (SYSRAY_HOOK_RAW). They are the raw_syscalls tracepoints
 * taken as tp_btf: `regs` is then a BTF pointer, and reading the registers
 * is loads, not a probe read each (~30 ns apiece).
 */
SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
	__u32 nr = (__u32)id, slot;
	struct sysray_entry_args *a = selected_entry(nr, SYSRAY_HOOK_RAW, &slot);

	if (!a)
		return 0;
	read_syscall_args(a->args, regs);
	return enter(nr, slot);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	if ((bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return 0;
	return handle_exit((__u32)regs->orig_ax, ret, 0);
}

/*
 * The per-syscall hooks, attached by user space to syscalls:sys_enter_X and
 * syscalls:sys_exit_X for each selected X when few are selected
 * (SYSRAY_HOOK_SYSCALL_TRACEPOINTS): syscalls nothing selects then cost the
 * kernel a bit test, not a program run. The record layout of these
 * tracepoints is sysray_syscall_tp_enter/exit.
 */
SEC("tracepoint")
int syscall_tp_enter(struct sysray_syscall_tp_enter *ctx)
{
	__u32 nr = (__u32)ctx->nr, slot;
	struct sysray_entry_args *a = selected_entry(nr, SYSRAY_HOOK_SYSCALL_TRACEPOINTS, &slot);

	if (!a)
		return 0;
	/*
	 * Copied, not loaded: the kernel refuses to attach a program that loads
	 * past the end of the smallest record it is attached to (a syscall with
	 * fewer arguments has a shorter one). The bytes past a syscall's own
	 * arguments are undefined, as its unused registers would be.
	 */
	bpf_probe_read_kernel(a->args, sizeof(a->args), ctx->args);
	return enter(nr, slot);
}

SEC("tracepoint")
int syscall_tp_exit(struct sysray_syscall_tp_exit *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return 0;
	return handle_exit((__u32)ctx->nr, ctx->ret, 0);
}

/*
 * Tracepoint events (sched, cgroup). They are sent whether or not a policy
 * selects them (user space keeps its process tree and containers from
 * them); `policies` says which policies want them shown.
 */
static __always_inline __u64 tracepoint_policies(__u32 which, __u32 *generation)
{
	const struct sysray_policy_config *cfg;
	const struct sysray_selection *sel;
	__u64 id = bpf_get_current_pid_tgid();
	__u32 slot, index;

	*generation = 0;
	cfg = current_config(&slot);
	if (!cfg)
		return 0;
	*generation = cfg->generation;
	index = slot * SYSRAY_SELECTION_PER_SLOT + which;
	sel = bpf_map_lookup_elem(&selection, &index);
	if (!sel || !(sel->policies | sel->signature))
		return 0;
	return scope_match(slot, id >> 32, (__u32)id) & (sel->policies | sel->signature);
}

/* Starts a tracepoint event record in the scratch buffer; NULL when there is none. */
static __always_inline struct scratch *begin_tracepoint_event(__u32 event_id, __u32 which)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	struct sysray_event *e;

	if (!s)
		return 0;
	e = &s->event;
	s->nr_blobs = 0;
	fill_context(e);
	e->head.type = SYSRAY_RECORD_EVENT;
	e->event_id = event_id;
	e->retval = 0;
	e->flags = 0;
	e->pad = 0;
	e->policies = tracepoint_policies(which, &e->generation);
	for (int i = 0; i < SYSRAY_MAX_ARGS; i++)
		e->args[i] = 0;
	return s;
}

static __always_inline void finish_tracepoint_event(struct scratch *s, __u32 len)
{
	if (len > SYSRAY_DATA_MAX)
		len = SYSRAY_DATA_MAX;
	s->event.head.nr_blobs = s->nr_blobs;
	s->event.head.size = sizeof(s->event) + len;
	/* process lifecycle: always the security ring */
	submit(&s->event, sizeof(s->event), len, s->event.policies == 0, 1);
}

/* A kernel string (not user memory) as a STRING blob. */
static __always_inline __u32 capture_kernel_string(struct scratch *s, __u32 len, __u8 arg, const char *ptr)
{
	return capture_string_from(s, len, arg, ptr, 1);
}

/* Thread-scoped state ends with the thread, process-scoped with the process. */
static __always_inline void forget_exited(struct task_struct *task, __u32 tid, __u32 tgid)
{
	/* task storage goes with the task */
	if (!use_task_storage)
		bpf_map_delete_elem(&task_states, &tid);
	if (BPF_CORE_READ(task, signal, live.counter) == 0)
		bpf_map_delete_elem(&proc_scopes, &tgid);
}

SEC("raw_tracepoint/sched_process_exit")
int sched_process_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, tgid = id >> 32;
	struct scratch *s;
	__u32 code;

	if (tgid != self_tgid && (s = begin_tracepoint_event(SYSRAY_EVENT_SCHED_PROCESS_EXIT, SYSRAY_SELECT_EXIT))) {
		code = BPF_CORE_READ(task, exit_code);
		s->event.args[0] = (code >> 8) & 0xff;
		s->event.args[1] = code & 0x7f;
		/* signal->live was decremented before the tracepoint: 0 means the last thread */
		s->event.args[2] = BPF_CORE_READ(task, signal, live.counter) == 0;
		finish_tracepoint_event(s, 0);
	}
	forget_exited(task, tid, tgid);
	return 0;
}

SEC("raw_tracepoint/sched_process_fork")
int sched_process_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx->args[0];
	struct task_struct *child = (struct task_struct *)ctx->args[1];
	struct scratch *s;

	scope_on_fork(parent, child);
	if (BPF_CORE_READ(parent, tgid) == self_tgid)
		return 0;
	s = begin_tracepoint_event(SYSRAY_EVENT_SCHED_PROCESS_FORK, SYSRAY_SELECT_FORK);
	if (!s)
		return 0;
	s->event.args[0] = BPF_CORE_READ(child, pid);
	s->event.args[1] = ns_pid_of_as(0, child); /* not the current task: probe reads */
	s->event.args[2] = BPF_CORE_READ(child, tgid);
	s->event.args[3] = ns_pid_of_as(0, BPF_CORE_READ(child, group_leader));
	s->event.args[4] = BPF_CORE_READ(child, start_boottime);
	finish_tracepoint_event(s, 0);
	return 0;
}

/* inode ctime in ns, across the kernel's three ways of keeping it */
struct inode___v66 {
	struct timespec64 __i_ctime;
};
struct inode___old {
	struct timespec64 i_ctime;
};

static __always_inline __u64 inode_ctime_ns(struct inode *inode)
{
	/* bit 31 of i_ctime_nsec is a flag (I_CTIME_QUERIED, 6.13+), not time */
	if (bpf_core_field_exists(inode->i_ctime_sec))
		return BPF_CORE_READ(inode, i_ctime_sec) * 1000000000ULL +
		       (BPF_CORE_READ(inode, i_ctime_nsec) & ~(1U << 31));
	if (bpf_core_field_exists(((struct inode___v66 *)inode)->__i_ctime)) {
		struct inode___v66 *i = (void *)inode;
		return BPF_CORE_READ(i, __i_ctime.tv_sec) * 1000000000ULL + BPF_CORE_READ(i, __i_ctime.tv_nsec);
	}
	{
		struct inode___old *i = (void *)inode;
		return BPF_CORE_READ(i, i_ctime.tv_sec) * 1000000000ULL + BPF_CORE_READ(i, i_ctime.tv_nsec);
	}
}

#include "exec_env.h"

/* The new program's argv, from its own memory (what main() gets). */
static __always_inline __u32 capture_new_argv(struct scratch *s, __u32 len, __u8 arg)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	unsigned long start = BPF_CORE_READ(mm, arg_start), end = BPF_CORE_READ(mm, arg_end);
	__u32 want = end > start ? end - start : 0;

	if (want > SYSRAY_STR_MAX)
		want = SYSRAY_STR_MAX; /* capture_bytes marks it truncated */
	if (want == 0)
		return blob_finish(s, len, arg, SYSRAY_CAPTURE_STRING_ARRAY, SYSRAY_BLOB_OK, 0);
	len = capture_bytes(s, len, arg, SYSRAY_CAPTURE_STRING_ARRAY, (const void *)start, want);
	return len;
}

SEC("raw_tracepoint/sched_process_exec")
int sched_process_exec(struct bpf_raw_tracepoint_args *ctx)
{
	struct linux_binprm *bprm = (struct linux_binprm *)ctx->args[2];
	struct file *file = BPF_CORE_READ(bprm, file);
	struct inode *inode = BPF_CORE_READ(file, f_inode);
	const char *filename = BPF_CORE_READ(bprm, filename);
	const char *interp = BPF_CORE_READ(bprm, interp);
	struct scratch *s;
	__u32 len = 0, off, slot;
	int n;

	if ((bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return 0;
	s = begin_tracepoint_event(SYSRAY_EVENT_SCHED_PROCESS_EXEC, SYSRAY_SELECT_EXEC);
	if (!s)
		return 0;
	s->event.args[2] = BPF_CORE_READ(inode, i_sb, s_dev);
	s->event.args[3] = BPF_CORE_READ(inode, i_ino);
	s->event.args[4] = inode_ctime_ns(inode);
	s->event.args[5] = BPF_CORE_READ(inode, i_mode);
	len = capture_kernel_string(s, len, 0, filename);
	off = blob_start(len);
	n = write_path(off, (__u64)file);
	len = blob_finish(s, len, 1, SYSRAY_CAPTURE_STRING, SYSRAY_BLOB_OK, n);
	/* a script: binfmt_script replaced interp with the #! line's interpreter */
	if (interp && interp != filename)
		len = capture_kernel_string(s, len, 6, interp);
	len = capture_new_argv(s, len, 7);
	len = capture_exec_stdin(len);
	/* only for policies whose signatures declared names: environments are nobody else's business */
	if (s->event.policies && current_config(&slot))
		len = capture_exec_env(len, slot, s->event.policies);
	finish_tracepoint_event(s, len);
	return 0;
}

/* cgroup_mkdir/rmdir as events: id, hierarchy, path (sysray.h registers). */
static __always_inline void send_cgroup_event(__u32 event_id, __u32 which, __u64 id, const char *path)
{
	struct scratch *s = begin_tracepoint_event(event_id, which);

	if (!s)
		return;
	s->event.args[0] = id;
	s->event.args[2] = container_hierarchy;
	finish_tracepoint_event(s, capture_kernel_string(s, 0, 1, path));
}

/*
 * A cgroup is made: when its name holds a container id it is a new
 * container's (docker, containerd, cri-o, podman all name them so), and so
 * is every cgroup made below it. Every cgroup of the containers' hierarchy
 * is also sent as an event: user space names containers from their paths.
 */
SEC("raw_tracepoint/cgroup_mkdir")
int cgroup_mkdir(struct bpf_raw_tracepoint_args *ctx)
{
	struct cgroup *cgrp = (struct cgroup *)ctx->args[0];
	const char *path = (const char *)ctx->args[1];
	struct kernfs_node *kn = BPF_CORE_READ(cgrp, kn);
	struct sysray_container c = { .is_new = 1 };
	const struct sysray_container *parent;
	__u64 id;

	if (BPF_CORE_READ(cgrp, root, hierarchy_id) != container_hierarchy)
		return 0;
	/* a cgroup below a container's (init.scope, a pod's sub-cgroups) is that container's */
	id = BPF_CORE_READ(cgrp, self.parent, cgroup, kn, id);
	parent = bpf_map_lookup_elem(&container_cgroups, &id);
	id = BPF_CORE_READ(kn, id);
	if (parent)
		c = *parent;
	if (parent || names_container(BPF_CORE_READ(kn, name)))
		bpf_map_update_elem(&container_cgroups, &id, &c, BPF_ANY);
	send_cgroup_event(SYSRAY_EVENT_CGROUP_MKDIR, SYSRAY_SELECT_CGROUP_MKDIR, id, path);
	return 0;
}

SEC("raw_tracepoint/cgroup_rmdir")
int cgroup_rmdir(struct bpf_raw_tracepoint_args *ctx)
{
	struct cgroup *cgrp = (struct cgroup *)ctx->args[0];
	const char *path = (const char *)ctx->args[1];
	__u64 id = BPF_CORE_READ(cgrp, kn, id);

	if (BPF_CORE_READ(cgrp, root, hierarchy_id) != container_hierarchy)
		return 0;
	bpf_map_delete_elem(&container_cgroups, &id);
	send_cgroup_event(SYSRAY_EVENT_CGROUP_RMDIR, SYSRAY_SELECT_CGROUP_RMDIR, id, path);
	return 0;
}
