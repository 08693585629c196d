/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Policy scope, evaluated in the kernel before anything is reserved: which
 * of up to 64 policies (one bit each) the current task is in. The layout of
 * the configuration is in sysray.h; src/policy/kernel-config.ts writes it.
 *
 * For every field some policy filters on, a policy fails when it needs the
 * task's value in its `=` list and the value is not there, or lists the value
 * with `!=`, or bounds it and the value is out of bounds. What the kernel
 * cannot decide (wildcards, container ids) it lets through; user space checks
 * those again.
 */
#ifndef SYSRAY_SCOPE_H
#define SYSRAY_SCOPE_H

#include "event_context.h"

/* The slot user space last finished writing; it flips it with one store. */
volatile __u32 active_slot = 0;

#define SCOPE_VALUES 10240

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSRAY_CONFIG_SLOTS);
	__type(key, __u32);
	__type(value, struct sysray_policy_config);
} policy_config SEC(".maps");

/* Per slot and event: index slot * SYSRAY_SELECTION_PER_SLOT + nr (sysray.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSRAY_CONFIG_SLOTS * SYSRAY_SELECTION_PER_SLOT);
	__type(key, __u32);
	__type(value, struct sysray_selection);
} selection SEC(".maps");

#define SCOPE_U32_MAP(name)                                        \
	struct {                                                   \
		__uint(type, BPF_MAP_TYPE_HASH);                   \
		__uint(max_entries, SCOPE_VALUES);                 \
		__type(key, struct sysray_scope_u32_key);          \
		__type(value, struct sysray_scope_match);          \
	} name SEC(".maps")

SCOPE_U32_MAP(scope_uids);
SCOPE_U32_MAP(scope_pids);
SCOPE_U32_MAP(scope_mntns);
SCOPE_U32_MAP(scope_pidns);

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SCOPE_VALUES);
	__type(key, struct sysray_scope_comm_key);
	__type(value, struct sysray_scope_match);
} scope_comms SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SCOPE_VALUES);
	__type(key, struct sysray_scope_uts_key);
	__type(value, struct sysray_scope_match);
} scope_uts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SCOPE_VALUES);
	__type(key, struct sysray_scope_exe_key);
	__type(value, struct sysray_scope_match);
} scope_exes SEC(".maps");

/* tgid → tree membership and followed ancestry; children inherit it at fork. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, struct sysray_proc_scope);
} proc_scopes SEC(".maps");

/* cgroup id → container, for the cgroups whose name holds a 64-hex container id. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, struct sysray_container);
} container_cgroups SEC(".maps");

/* The policies that fail on this value, given the ones needing it in their `=` list. */
static __always_inline __u64 fails_on(__u64 need_eq, const struct sysray_scope_match *m)
{
	if (!m)
		return need_eq;
	return (need_eq & ~m->eq) | m->ne;
}

static __always_inline __u64 fails_u32(void *map, __u32 slot, __u64 need_eq, __u32 value)
{
	struct sysray_scope_u32_key key = { .slot = slot, .value = value };

	return fails_on(need_eq, bpf_map_lookup_elem(map, &key));
}

#define SCOPE_RANGE_UID 0
#define SCOPE_RANGE_PID 1

/*
 * Policies in `bounded` whose inclusive uid or pid bounds (`which`) in
 * config `slot` exclude value. Branch-free: with a branch per policy the
 * verifier would walk every combination. Global: the verifier checks the
 * 64 steps once, not once for each path of scope_match that reaches them
 * (that was most of the start time).
 */
__noinline __u64 scope_fails_range(__u32 slot, __u32 which, __u64 bounded, __u32 value)
{
	const struct sysray_policy_config *cfg;
	const __u32 *min, *max;
	__u64 fails = 0, to_pid;

	slot &= 1;
	cfg = bpf_map_lookup_elem(&policy_config, &slot);
	if (!cfg)
		return 0;
	/*
	 * The pid bounds are the uid bounds' distance further on: an offset, not
	 * a choice of pointers, so the verifier walks the 64 steps once, not once
	 * for each.
	 */
	_Static_assert(__builtin_offsetof(struct sysray_policy_config, pid_min) - __builtin_offsetof(struct sysray_policy_config, uid_min) ==
			       __builtin_offsetof(struct sysray_policy_config, pid_max) - __builtin_offsetof(struct sysray_policy_config, uid_max),
		       "pid bounds follow the uid bounds alike");
	to_pid = (__u64)(which & SCOPE_RANGE_PID) *
		 (__builtin_offsetof(struct sysray_policy_config, pid_min) - __builtin_offsetof(struct sysray_policy_config, uid_min));
	min = (const __u32 *)((const char *)cfg->uid_min + to_pid);
	max = (const __u32 *)((const char *)cfg->uid_max + to_pid);
	/*
	 * A loop, not unrolled: this function is global, verified once, so its
	 * 64 turns cost the verifier a few hundred instructions; unrolled, clang
	 * hoisted the loads or regrouped the ORs and kept dozens of values on
	 * the stack (472 bytes; a kernel that counts a global function's stack
	 * into its caller's chain refused handle_enter's at 848 of 512).
	 */
#pragma nounroll
	for (int i = 0; i < SYSRAY_MAX_POLICIES; i++) {
		/* the sign bit of a 64-bit difference of two u32s: 1 when below / above */
		__u64 below = ((__u64)value - (__u64)min[i]) >> 63;
		__u64 above = ((__u64)max[i] - (__u64)value) >> 63;
		fails |= (below | above) << i;
	}
	return fails & bounded;
}

static __always_inline __u32 task_pid_ns(const int fast, struct task_struct *task)
{
	__u32 inum = 0;

	pid_nr_ns(fast, TREAD(fast, task, thread_pid), &inum);
	return inum;
}

/* The policies of `cfg` whose scope the current task matches, follow aside. */
static __always_inline __u64 scope_match_direct(const int fast, const struct sysray_policy_config *cfg,
						__u32 slot, __u32 tgid, __u32 tid,
						const struct sysray_proc_scope *proc)
{
	struct task_struct *task = current_task(fast);
	__u64 mask = cfg->enabled;
	__u32 fields = cfg->fields;

	if (fields & SYSRAY_FIELD_UID) {
		__u32 uid = current_uid_as(fast, task);
		mask &= ~fails_u32(&scope_uids, slot, cfg->uid_eq, uid);
		if (cfg->uid_range & mask)
			mask &= ~scope_fails_range(slot, SCOPE_RANGE_UID, cfg->uid_range & mask, uid);
	}
	if (fields & SYSRAY_FIELD_PID) {
		struct sysray_scope_u32_key key = { .slot = slot, .value = tgid };
		const struct sysray_scope_match *by_pid = bpf_map_lookup_elem(&scope_pids, &key);
		const struct sysray_scope_match *by_tid = 0;
		__u64 listed = by_pid ? by_pid->eq : 0;

		/* like Tracee, a listed thread id selects that thread */
		if (tid != tgid) {
			key.value = tid;
			by_tid = bpf_map_lookup_elem(&scope_pids, &key);
			if (by_tid)
				listed |= by_tid->eq;
		}
		mask &= ~((cfg->pid_eq & ~listed) | (by_pid ? by_pid->ne : 0));
		if (cfg->pid_range & mask)
			mask &= ~scope_fails_range(slot, SCOPE_RANGE_PID, cfg->pid_range & mask, tgid);
	}
	if (fields & SYSRAY_FIELD_MNTNS) {
		struct nsproxy *nsproxy = TREAD(fast, task, nsproxy);
		mask &= ~fails_u32(&scope_mntns, slot, cfg->mntns_eq,
				   nsproxy ? TREAD(fast, nsproxy, mnt_ns, ns.inum) : 0);
	}
	if (fields & SYSRAY_FIELD_PIDNS)
		mask &= ~fails_u32(&scope_pidns, slot, cfg->pidns_eq, task_pid_ns(fast, task));
	if (fields & SYSRAY_FIELD_COMM) {
		struct sysray_scope_comm_key key = { .slot = slot };
		current_comm_as(fast, task, key.comm);
		mask &= ~fails_on(cfg->comm_eq, bpf_map_lookup_elem(&scope_comms, &key));
	}
	if (fields & SYSRAY_FIELD_UTS) {
		struct sysray_scope_uts_key key = { .slot = slot };
		struct nsproxy *nsproxy = TREAD(fast, task, nsproxy);
		struct uts_namespace *uts = nsproxy ? TREAD(fast, nsproxy, uts_ns) : 0;
		uts_name_as(fast, uts, key.name);
		mask &= ~fails_on(cfg->uts_eq, bpf_map_lookup_elem(&scope_uts, &key));
	}
	if (fields & SYSRAY_FIELD_EXE) {
		struct sysray_scope_exe_key key = { .slot = slot };
		struct mm_struct *mm = TREAD(fast, task, mm);
		struct file *exe = mm ? TREAD(fast, mm, exe_file) : 0;
		struct inode *inode = exe ? TREAD(fast, exe, f_inode) : 0;
		if (inode) {
			key.ino = TREAD(fast, inode, i_ino);
			key.dev = TREAD(fast, inode, i_sb, s_dev);
		}
		mask &= ~fails_on(cfg->exe_eq, bpf_map_lookup_elem(&scope_exes, &key));
	}
	if (fields & SYSRAY_FIELD_CONTAINER) {
		__u64 cgid = container_cgroup_id(fast, task);
		const struct sysray_container *c = bpf_map_lookup_elem(&container_cgroups, &cgid);
		if (c)
			mask &= ~(cfg->not_container | (c->is_new ? 0 : cfg->new_container));
		else
			mask &= ~(cfg->container | cfg->new_container);
	}
	if (fields & SYSRAY_FIELD_NEW_PID) {
		if (TREAD(fast, task, group_leader, start_boottime) <= cfg->start_ns)
			mask &= ~cfg->new_pid;
	}
	if (fields & SYSRAY_FIELD_PROC) {
		__u32 s = slot & 1;
		if (proc)
			mask &= ~((cfg->tree_eq & ~proc->tree_in[s]) | proc->tree_out[s]);
		else
			mask &= ~cfg->tree_eq;
	}
	return mask;
}

/*
 * The policies of config `slot` whose scope the current task matches:
 * directly, or as a followed descendant. Global (not inlined) so the verifier
 * checks it once, not once per caller.
 */
__noinline __u64 scope_match(__u32 slot, __u32 tgid, __u32 tid)
{
	const struct sysray_proc_scope *proc = 0;
	const struct sysray_policy_config *cfg;
	__u64 mask;

	slot &= 1;
	cfg = bpf_map_lookup_elem(&policy_config, &slot);
	if (!cfg)
		return 0;
	if (cfg->fields & SYSRAY_FIELD_PROC)
		proc = bpf_map_lookup_elem(&proc_scopes, &tgid);
	if (TASK_BTF)
		mask = scope_match_direct(1, cfg, slot, tgid, tid, proc);
	else
		mask = scope_match_direct(0, cfg, slot, tgid, tid, proc);
	if (proc && cfg->follow)
		mask |= proc->follow[slot & 1] & cfg->follow & cfg->enabled;
	return mask;
}

/* The current thread's comm as two words, read as the comm scope reads it: what a kept scope answer is checked against (handle_enter). */
static __always_inline void scope_comm_words(__u64 w[2])
{
	char buf[SYSRAY_COMM_LEN];

	if (TASK_BTF)
		current_comm_as(1, current_task(1), buf);
	else
		current_comm_as(0, current_task(0), buf);
	__builtin_memcpy(w, buf, SYSRAY_COMM_LEN);
}

static __always_inline const struct sysray_policy_config *current_config(__u32 *slot)
{
	__u32 s = active_slot & 1;

	*slot = s;
	return bpf_map_lookup_elem(&policy_config, &s);
}

/*
 * A process forks: the child inherits tree membership and followed ancestry,
 * and follows the parent itself for the follow policies the parent matches.
 * Runs in the parent's context.
 */
static __always_inline void scope_on_fork(struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = BPF_CORE_READ(parent, tgid), ctgid = BPF_CORE_READ(child, tgid);
	struct sysray_proc_scope fresh = {};
	const struct sysray_proc_scope *proc;
	const struct sysray_policy_config *cfg;
	__u32 slot;

	if (ptgid == ctgid) /* a thread: same process, same entry */
		return;
	cfg = current_config(&slot);
	if (!cfg || !(cfg->fields & SYSRAY_FIELD_PROC))
		return;
	proc = bpf_map_lookup_elem(&proc_scopes, &ptgid);
	if (proc)
		fresh = *proc;
	if (cfg->follow) {
		__u64 id = bpf_get_current_pid_tgid();
		fresh.follow[slot & 1] |= scope_match(slot, id >> 32, (__u32)id) & cfg->follow;
	}
	if (fresh.tree_in[0] | fresh.tree_in[1] | fresh.tree_out[0] | fresh.tree_out[1] |
	    fresh.follow[0] | fresh.follow[1])
		bpf_map_update_elem(&proc_scopes, &ctgid, &fresh, BPF_ANY);
}

/* 1 for the lowercase hex digits, by byte value: a lookup, not branches. */
static const __u8 hex_digit[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
};

/* The 64 bytes of buf from `start` are all hex digits. */
static __always_inline int hex64_at(const char *buf, __u32 start)
{
	__u8 bad = 0;

	for (int i = 0; i < 64; i++)
		bad |= hex_digit[(__u8)buf[(start + i) & 127]] ^ 1;
	return !bad;
}

/*
 * True when the cgroup's name is a container's: 64 hex digits, alone or
 * after a `runtime-` prefix, then the end or `.scope` (the rule of
 * src/process/container-id.ts). Only the two places an id can end are
 * checked, so the verifier sees two fixed loops.
 */
static __always_inline int names_container(const char *name)
{
	char buf[128] = {};
	long n = bpf_probe_read_kernel_str(buf, sizeof(buf), name);
	__u32 len, start;

	if (n <= 64)
		return 0;
	len = n - 1; /* without the NUL */
	start = len - 64;
	if ((start == 0 || buf[(start - 1) & 127] == '-') && hex64_at(buf, start))
		return 1;
	if (len < 70)
		return 0;
	for (int i = 0; i < 6; i++)
		if (buf[(len - 6 + i) & 127] != ".scope"[i])
			return 0;
	start = len - 70;
	return (start == 0 || buf[(start - 1) & 127] == '-') && hex64_at(buf, start);
}

#endif /* SYSRAY_SCOPE_H */
