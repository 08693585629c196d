/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The context every event record carries (struct sysray_event's task
 * fields), read the one way: sysray and the floor (bench/floor) both fill
 * records with fill_context(), so the floor's capture is sysray's by
 * construction; the syscall arguments likewise. Needs sysray.h and
 * task_read.h first.
 */
#ifndef SYSRAY_EVENT_CONTEXT_H
#define SYSRAY_EVENT_CONTEXT_H

/*
 * The cgroup hierarchy where containers are looked for: the v2 one, or on a
 * v1 (hybrid) system the hierarchy of one controller (its id in
 * /proc/cgroups and its index there, the kernel's cgroup_subsys_id).
 */
#define SYSRAY_CGROUP_V2 0xff
const volatile __u32 container_ssid = SYSRAY_CGROUP_V2;
const volatile __u32 container_hierarchy = 0;

/*
 * The task's cgroup in the containers' hierarchy. `fast`: `task` is a BTF
 * pointer (current_task() in task_read.h).
 */
static __always_inline __u64 container_cgroup_id(const int fast, struct task_struct *task)
{
	__u32 ssid = container_ssid;
	struct cgroup_subsys_state *css = 0;
	struct css_set *cgroups;
	struct cgroup *cgrp;

	if (ssid >= SYSRAY_CGROUP_V2 && !fast)
		return bpf_get_current_cgroup_id();
	if (ssid < SYSRAY_CGROUP_V2 && ssid >= CGROUP_SUBSYS_COUNT)
		return 0;
	cgroups = TREAD(fast, task, cgroups);
	if (!cgroups)
		return 0;
	if (ssid >= SYSRAY_CGROUP_V2) {
		/* what bpf_get_current_cgroup_id() reads, cgroup_id(task_dfl_cgroup(current)), by loads */
		cgrp = cgroups->dfl_cgrp;
		return cgrp ? cgrp->kn->id : 0;
	}
	if (fast) {
		/*
		 * ssid is read-only data, so a constant to the verifier: the
		 * index is a fixed offset and these are loads. Probe reads
		 * here were four per event on a cgroup v1 system.
		 */
		css = cgroups->subsys[ssid];
		if (!css || !css->cgroup || !css->cgroup->kn)
			return 0;
		return css->cgroup->kn->id;
	}
	bpf_core_read(&css, sizeof(css), &cgroups->subsys[ssid]);
	return BPF_CORE_READ(css, cgroup, kn, id);
}

/* The context fields of an event record for the current task. */
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
	/* real_parent is RCU: a NULL test before loads through it (a probe read of NULL reads 0) */
	if (parent) {
		parent_leader = TREAD(fast, parent, group_leader);
		e->host_ppid = TREAD(fast, parent, tgid);
	}
	if (parent_leader) {
		e->parent_start_time = TREAD(fast, parent_leader, start_boottime);
		e->ppid = ns_pid_of_as(fast, parent_leader);
	}
	/* the containers' hierarchy: on cgroup v1 the v2 id is the same for everyone */
	e->cgroup_id = container_cgroup_id(fast, task);
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

/*
 * The x86_64 syscall arguments (di, si, dx, r10, r8, r9) from the entry
 * registers. `regs` is the tp_btf hook's argument, a BTF pointer: six loads
 * the JIT makes fault-safe, where a probe read cost ~30 ns.
 */
static __always_inline void read_syscall_args(__u64 *args, struct pt_regs *regs)
{
	args[0] = regs->di;
	args[1] = regs->si;
	args[2] = regs->dx;
	args[3] = regs->r10;
	args[4] = regs->r8;
	args[5] = regs->r9;
}

#endif
