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

/*
 * Reading the current task, as sysray.bpf.c does (see its current_task()):
 * with bpf_get_current_task_btf (5.11+) fields are plain loads, else a
 * BPF_CORE_READ each. Written once as functions of a constant `fast`; one
 * TASK_BTF test picks the copy.
 */
#define TASK_BTF bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf)

static __always_inline struct task_struct *current_task(const int fast)
{
	return fast ? bpf_get_current_task_btf() : (struct task_struct *)bpf_get_current_task();
}

#define TREAD(fast, src, a, ...) \
	((fast) ? ___arrow((src), a, ##__VA_ARGS__) : BPF_CORE_READ((src), a, ##__VA_ARGS__))

static __always_inline __u64 before_nul(__u64 w, __u64 *has_nul)
{
	__u64 t = (w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL;

	*has_nul = t;
	return w & (((t & -t) >> 7) - 1);
}

/*
 * Stores w at buf as two 4-byte halves: buf may be only 4-byte aligned (the
 * scope keys' strings), and memcpy to a char * of unknown alignment is
 * compiled into single bytes.
 */
static __always_inline void store_u64(char *buf, __u64 w)
{
	*(__u32 *)buf = (__u32)w;
	*(__u32 *)(buf + 4) = w >> 32;
}

/* bpf_get_current_comm(buf, 16), by loads when fast (as sysray.bpf.c) */
static __always_inline void current_comm_as(const int fast, struct task_struct *task, char *buf)
{
	__u64 w0, w1, nul0, nul1;

	if (!fast) {
		bpf_get_current_comm(buf, SYSRAY_COMM_LEN);
		return;
	}
	w0 = *(__u64 *)&task->comm[0];
	w1 = *(__u64 *)&task->comm[8];
	w0 = before_nul(w0, &nul0);
	w1 = before_nul(w1 & 0x00ffffffffffffffULL, &nul1) & -(__u64)(nul0 == 0);
	store_u64(buf, w0);
	store_u64(buf + 8, w1);
}

/*
 * The host name of a UTS namespace into buf (SYSRAY_UTS_LEN bytes): what
 * bpf_probe_read_kernel_str(buf, SYSRAY_UTS_LEN, uts->name.nodename) gives,
 * the name with its NUL (nodename[64] always is one), but zero-padded to the
 * end. When fast (uts a BTF pointer), from loads: the helper costs ~30 ns.
 * A NULL uts leaves it all zeros.
 */
static __always_inline void uts_name_as(const int fast, struct uts_namespace *uts, char *buf)
{
	const char *name;
	__u64 keep = ~0ULL;

	_Static_assert(SYSRAY_UTS_LEN == 68, "8 words and 4 bytes");
	if (!fast) {
		/* a NULL uts faults: the helper then zeroes buf */
		bpf_probe_read_kernel_str(buf, SYSRAY_UTS_LEN, uts->name.nodename);
		return;
	}
	if (!uts) {
		for (int i = 0; i < 8; i++)
			store_u64(buf + i * 8, 0);
		*(__u32 *)(buf + 64) = 0;
		return;
	}
	name = uts->name.nodename;
	for (int i = 0; i < 8; i++) {
		__u64 w, nul;

		/* nodename is at an odd offset: a C load would be split into bytes */
		asm volatile("%0 = *(u64 *)(%1 + 0)" : "=r"(w) : "r"(name + i * 8));
		w = before_nul(w, &nul) & keep;
		keep &= -(__u64)(nul == 0);
		store_u64(buf + i * 8, w);
	}
	/* and nodename[64], then zeros to the end */
	*(__u32 *)(buf + 64) = (__u8)(name[64] & keep);
}

/* bpf_get_current_uid_gid()'s uid, by loads when fast (as sysray.bpf.c) */
static __always_inline __u32 current_uid_as(const int fast, struct task_struct *task)
{
	const struct cred *cred;

	if (!fast)
		return (__u32)bpf_get_current_uid_gid();
	cred = task->cred;
	return cred ? cred->uid.val : 0;
}

/* bpf_get_current_cgroup_id(), by loads when fast (sysray.bpf.c's container_cgroup_id on cgroup v2) */
static __always_inline __u64 current_cgroup_id_as(const int fast, struct task_struct *task)
{
	struct css_set *cgroups;
	struct cgroup *cgrp;

	if (!fast)
		return bpf_get_current_cgroup_id();
	cgroups = task->cgroups;
	if (!cgroups)
		return 0;
	cgrp = cgroups->dfl_cgrp;
	return cgrp ? cgrp->kn->id : 0;
}

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

/* The pid number of `pid` in its own pid namespace, and that namespace's inode number (as sysray). */
static __always_inline __u32 pid_nr_ns(const int fast, struct pid *pid, __u32 *ns_inum)
{
	unsigned int level = TREAD(fast, pid, level);
	struct upid up = {};

	if (fast && level == 0) {
		up.nr = pid->numbers[0].nr;
		if (ns_inum)
			*ns_inum = pid->numbers[0].ns->ns.inum;
		return up.nr;
	}
	bpf_core_read(&up, sizeof(up), &pid->numbers[level]);
	if (ns_inum)
		*ns_inum = BPF_CORE_READ(up.ns, ns.inum);
	return up.nr;
}

static __always_inline __u32 ns_pid_of_as(const int fast, struct task_struct *task)
{
	return pid_nr_ns(fast, TREAD(fast, task, thread_pid), 0);
}

/* The context fields of sysray's fill_context(), read the same way. */
static __always_inline void fill_context_as(struct sysray_event *e, const int fast)
{
	struct task_struct *task = current_task(fast);
	struct task_struct *leader = TREAD(fast, task, group_leader);
	struct task_struct *parent = TREAD(fast, task, real_parent);
	struct task_struct *parent_leader = 0;
	struct nsproxy *nsproxy = TREAD(fast, task, nsproxy);
	struct uts_namespace *uts = 0;
	__u64 id = fast ? (__u64)task->tgid << 32 | (__u32)task->pid : bpf_get_current_pid_tgid();
	__u32 pid_ns = 0;

	e->timestamp = bpf_ktime_get_boot_ns();
	e->start_time = TREAD(fast, task, start_boottime);
	e->process_start_time = TREAD(fast, leader, start_boottime);
	e->parent_start_time = 0;
	e->host_ppid = 0;
	e->ppid = 0;
	if (parent) {
		parent_leader = TREAD(fast, parent, group_leader);
		e->host_ppid = TREAD(fast, parent, tgid);
	}
	if (parent_leader) {
		e->parent_start_time = TREAD(fast, parent_leader, start_boottime);
		e->ppid = ns_pid_of_as(fast, parent_leader);
	}
	e->cgroup_id = current_cgroup_id_as(fast, task);
	e->host_pid = id >> 32;
	e->host_tid = (__u32)id;
	e->tid = pid_nr_ns(fast, TREAD(fast, task, thread_pid), &pid_ns);
	e->pid_ns = pid_ns;
	e->pid = ns_pid_of_as(fast, leader);
	e->uid = current_uid_as(fast, task);
	e->cpu = bpf_get_smp_processor_id();
	e->mnt_ns = 0;
	if (nsproxy) {
		e->mnt_ns = TREAD(fast, nsproxy, mnt_ns, ns.inum);
		uts = TREAD(fast, nsproxy, uts_ns);
	}
	current_comm_as(fast, task, e->comm);
	uts_name_as(fast, uts, e->uts_name);
}

static __always_inline void fill_context(struct sysray_event *e)
{
	if (TASK_BTF)
		fill_context_as(e, 1);
	else
		fill_context_as(e, 0);
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

/*
 * At exit: the thread's stashed entry, if it has one for this syscall,
 * becomes a record. With `regs` (raw hook), nr is read from regs->orig_ax,
 * and only for a thread with an entry stashed (as sysray's handle_exit).
 */
static __always_inline void emit(__u32 nr, long ret, struct pt_regs *regs)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sysray_event e = {}; /* zeroed: padding must not leak kernel stack */
	struct entry_state *st;

	if ((bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return;
	st = bpf_map_lookup_elem(&entries, &tid);
	if (!st || !st->active)
		return;
	if (regs)
		nr = (__u32)BPF_CORE_READ(regs, orig_ax);
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
	emit((__u32)ctx->nr, ctx->ret, 0);
	return 0;
}

/* The x86_64 syscall arguments, as sysray reads them: one read of the words r10..di. */
static __always_inline void read_syscall_args(__u64 *args, struct pt_regs *regs)
{
	__u64 base = bpf_core_field_offset(regs->r10), w[8];

	if (bpf_core_field_offset(regs->r9) == base + 8 && bpf_core_field_offset(regs->r8) == base + 16 &&
	    bpf_core_field_offset(regs->dx) == base + 40 && bpf_core_field_offset(regs->si) == base + 48 &&
	    bpf_core_field_offset(regs->di) == base + 56) {
		bpf_probe_read_kernel(w, sizeof(w), (void *)regs + base);
		args[0] = w[7];
		args[1] = w[6];
		args[2] = w[5];
		args[3] = w[0];
		args[4] = w[2];
		args[5] = w[1];
		return;
	}
	args[0] = BPF_CORE_READ(regs, di);
	args[1] = BPF_CORE_READ(regs, si);
	args[2] = BPF_CORE_READ(regs, dx);
	args[3] = BPF_CORE_READ(regs, r10);
	args[4] = BPF_CORE_READ(regs, r8);
	args[5] = BPF_CORE_READ(regs, r9);
}

/* Full mode: every syscall, as sysray attaches them. */
SEC("raw_tracepoint/sys_enter")
int raw_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	__u64 args[SYSRAY_MAX_ARGS];

	if (!wanted())
		return 0;
	read_syscall_args(args, regs);
	stash((__u32)ctx->args[1], args);
	return 0;
}

SEC("raw_tracepoint/sys_exit")
int raw_exit(struct bpf_raw_tracepoint_args *ctx)
{
	emit(0, (long)ctx->args[1], (struct pt_regs *)ctx->args[0]);
	return 0;
}
