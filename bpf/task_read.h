// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The current task's fields, read the same way by sysray (sysray.bpf.c,
 * scope.h) and by the benchmark floor (bench/floor/floor.bpf.c), so that the
 * floor's capture is sysray's by construction. Include after vmlinux.h,
 * the libbpf headers and sysray.h.
 */
#ifndef SYSRAY_TASK_READ_H
#define SYSRAY_TASK_READ_H

/*
 * Reading the current task. Where the kernel has bpf_get_current_task_btf
 * (5.11+) the task is a BTF pointer: its fields, and the fields of the
 * objects they point to, are plain loads that the JIT makes fault-safe (a
 * fault reads 0, as a failed probe read does), not a bpf_probe_read_kernel
 * call each (about 30 ns apiece with retpolines). Before 5.11, every step is
 * a BPF_CORE_READ. A variable index (pid->numbers[level]) and strings stay
 * probe reads: the verifier loads only at constant offsets.
 *
 * Code that reads the task is written once, as an always-inline function of
 * a constant `fast`, and its caller picks the copy with one TASK_BTF test:
 * the verifier sees a known constant at that branch, so it walks only the
 * copy the kernel can run and drops the other (which, before 5.11, calls a
 * helper the kernel does not have).
 */
#define TASK_BTF bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf)

/* 6.2+; weak: 0 where the kernel lacks it (fd_info.h: CAST_BTF) */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;

static __always_inline struct task_struct *current_task(const int fast)
{
	struct task_struct *task;

	if (!fast)
		return (struct task_struct *)bpf_get_current_task();
	task = bpf_get_current_task_btf();
	/*
	 * Untrusted where bpf_rdonly_cast is: the same fault-safe loads, but
	 * the verifier skips its trusted-field check at each, a search of the
	 * kernel's BTF by name (6.18: a third of a lifecycle program's
	 * verification time).
	 */
	if (bpf_rdonly_cast)
		task = bpf_rdonly_cast(task, bpf_core_type_id_kernel(struct task_struct));
	return task;
}

/* src->a->b...: loads when `fast` (src reached from current_task(1)), else BPF_CORE_READ. */
#define TREAD(fast, src, a, ...) \
	((fast) ? ___arrow((src), a, ##__VA_ARGS__) : BPF_CORE_READ((src), a, ##__VA_ARGS__))

/* The bytes of w (little-endian) before its first zero byte, zeros from there on. */
static __always_inline __u64 before_nul(__u64 w, __u64 *has_nul)
{
	__u64 t = (w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL;

	/* t's lowest bit set is the top bit of the first zero byte */
	*has_nul = t;
	return w & (((t & -t) >> 7) - 1);
}

/*
 * ~0 when t is 0, else 0: -(t == 0) without the branch clang makes of it,
 * which doubles the paths the verifier walks at each use (uts_name_as's
 * eight words: most of scope_match's verification).
 */
static __always_inline __u64 all_ones_if_zero(__u64 t)
{
	__u64 neg = -t;

	/* opaque to clang, which would turn the sign trick back into a branch */
	asm volatile("" : "+r"(neg));
	return ((t | neg) >> 63) - 1;
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

/*
 * bpf_get_current_comm(buf, SYSRAY_COMM_LEN) (16, TASK_COMM_LEN): the name
 * up to its NUL, at most 15 bytes, zero-padded as strscpy_pad leaves it.
 * When fast, from two loads: the helper costs ~40 ns.
 */
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
	w1 = before_nul(w1 & 0x00ffffffffffffffULL, &nul1) & all_ones_if_zero(nul0);
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
		keep &= all_ones_if_zero(nul);
		store_u64(buf + i * 8, w);
	}
	/* and nodename[64], then zeros to the end */
	*(__u32 *)(buf + 64) = (__u8)(name[64] & keep);
}

/*
 * bpf_get_current_uid_gid()'s uid: the subjective credentials' (task->cred),
 * mapped into the initial user namespace, whose map is the identity.
 */
static __always_inline __u32 current_uid_as(const int fast, struct task_struct *task)
{
	const struct cred *cred;

	if (!fast)
		return (__u32)bpf_get_current_uid_gid();
	cred = task->cred;
	return cred ? cred->uid.val : 0;
}

/* The pid number of `pid` in its own (deepest) pid namespace, and that namespace's inode number. */
static __always_inline __u32 pid_nr_ns(const int fast, struct pid *pid, __u32 *ns_inum)
{
	unsigned int level = TREAD(fast, pid, level);
	struct upid up = {};

	/* level 0 (the host's namespace) is at a constant offset: loads */
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

/* The pid of `task` (a thread: its tid) as its own pid namespace numbers it. */
static __always_inline __u32 ns_pid_of_as(const int fast, struct task_struct *task)
{
	return pid_nr_ns(fast, TREAD(fast, task, thread_pid), 0);
}

#endif /* SYSRAY_TASK_READ_H */
