// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The benchmark floor: the kernel half of sysray's syscall capture and
 * nothing else. Same 256-byte struct sysray_event, same context fields, same
 * per-thread entry state, same ring-buffer wakeup policy; no policies, no
 * blobs. User space (floor.c) only counts what arrives, so a traced process's
 * slowdown under the floor is the cost of the kernel path alone.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "sysray.h"
#include "task_read.h"
#include "event_context.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set by user space before load. */
const volatile __u32 self_tgid = 0;
const volatile __u64 wakeup_bytes = 0;
/* Only tasks with exactly this comm (NUL-padded); all tasks when empty. */
const volatile char comm_filter[SYSRAY_COMM_LEN] __attribute__((aligned(8))) = {};

/* What a thread passed at entry, kept until its exit (as sysray's task_state). */
struct entry_state {
	__u64 args[SYSRAY_MAX_ARGS];
	__u32 nr;
	__u32 active;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 << 20); /* resized by user space */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, struct entry_state);
} entries SEC(".maps");

/* SYSRAY_STAT_SUBMITTED / SYSRAY_STAT_LOST, per CPU, summed by user space. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SYSRAY_STAT_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

/*
 * Syscall tracepoint contexts as the kernel hands them to BPF
 * (perf_call_bpf_enter/exit): 8 bytes of common fields, then the number.
 * At entry the kernel fills only the syscall's own arguments; the rest of
 * args[] is stale, as sysray's raw registers past the syscall's arity.
 */
struct tp_enter_ctx {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__u64 args[SYSRAY_MAX_ARGS];
};

struct tp_exit_ctx {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__s64 ret;
};

static __always_inline void count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&stats, &which);
	if (c)
		*c += 1;
}

/* Whether to capture the current task; before any map work, like sysray's early returns. */
static __always_inline int wanted(void)
{
	/* compared as two words; rodata is frozen, so with no filter the verifier drops the rest */
	const volatile __u64 *want = (const volatile __u64 *)comm_filter;
	__u64 comm[2];

	if ((bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return 0;
	if (!want[0])
		return 1;
	/* NUL-padded; read as sysray's scope reads it */
	if (TASK_BTF)
		current_comm_as(1, current_task(1), (char *)comm);
	else
		current_comm_as(0, 0, (char *)comm);
	return comm[0] == want[0] && comm[1] == want[1];
}

/* Remembers the arguments until exit; the entry is reused, as sysray's. */
static __always_inline void stash(__u32 nr, const __u64 *args)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct entry_state *st = bpf_map_lookup_elem(&entries, &tid);

	if (!st) {
		struct entry_state fresh = {};
		bpf_map_update_elem(&entries, &tid, &fresh, BPF_ANY);
		st = bpf_map_lookup_elem(&entries, &tid);
		if (!st) {
			count(SYSRAY_STAT_LOST);
			return;
		}
	}
	st->nr = nr;
	st->active = 1;
	for (int i = 0; i < SYSRAY_MAX_ARGS; i++)
		st->args[i] = args[i];
}


/* sysray's submit() for a record without blobs: same wakeup rule, same counters. */
static __always_inline void submit(struct sysray_event *e)
{
	__u64 flags = BPF_RB_FORCE_WAKEUP;

	/* wake only as the waiting data crosses the threshold; the consumer polls anyway */
	if (wakeup_bytes) {
		__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
		if (avail >= wakeup_bytes || avail + sizeof(*e) < wakeup_bytes)
			flags = BPF_RB_NO_WAKEUP;
	}
	if (bpf_ringbuf_output(&events, e, sizeof(*e), flags)) {
		count(SYSRAY_STAT_LOST);
		return;
	}
	count(SYSRAY_STAT_SUBMITTED);
}

/* At exit: the thread's stashed entry, if it has one for this syscall, becomes a record. */
static __always_inline void emit(__u32 nr, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sysray_event e = {}; /* zeroed: padding must not leak kernel stack */
	struct entry_state *st;

	if ((bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return;
	st = bpf_map_lookup_elem(&entries, &tid);
	if (!st || !st->active)
		return;
	if (st->nr != nr)
		return;
	st->active = 0;
	fill_context(&e);
	e.head.size = sizeof(e);
	e.head.type = SYSRAY_RECORD_EVENT;
	e.event_id = nr;
	e.retval = ret;
	for (int i = 0; i < SYSRAY_MAX_ARGS; i++)
		e.args[i] = st->args[i];
	submit(&e);
}

/* Narrow mode: attached to syscalls:sys_enter_<name> for each selected syscall. */
SEC("tracepoint")
int tp_enter(struct tp_enter_ctx *ctx)
{
	__u64 args[SYSRAY_MAX_ARGS];

	if (!wanted())
		return 0;
	/*
	 * Copied, not loaded: the kernel refuses to attach (EACCES) a program
	 * whose ctx loads reach past the syscall's own arguments, and most
	 * syscalls have fewer than six. The context struct always has room for six.
	 */
	bpf_probe_read_kernel(args, sizeof(args), ctx->args);
	stash((__u32)ctx->nr, args);
	return 0;
}

SEC("tracepoint")
int tp_exit(struct tp_exit_ctx *ctx)
{
	emit((__u32)ctx->nr, ctx->ret);
	return 0;
}

/* Full mode: every syscall, as sysray attaches them (tp_btf: the registers are loads). */
SEC("tp_btf/sys_enter")
int BPF_PROG(raw_enter, struct pt_regs *regs, long id)
{
	__u64 args[SYSRAY_MAX_ARGS];

	if (!wanted())
		return 0;
	read_syscall_args(args, regs);
	stash((__u32)id, args);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(raw_exit, struct pt_regs *regs, long ret)
{
	emit((__u32)regs->orig_ax, ret);
	return 0;
}
