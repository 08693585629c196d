/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * perf_event_open's kernel truth: at its exit, the attributes the kernel
 * really used, from its own struct perf_event behind the returned fd (never
 * from user memory again), and the id of the group leader it joined. Blob
 * SYSRAY_CAPTURE_KERNEL_PERF_ATTR (layout in sysray.h). Needs scratch_buf,
 * the blob helpers of sysray.bpf.c and fd_info.h, included before this.
 */
#ifndef SYSRAY_PERF_TRUTH_H
#define SYSRAY_PERF_TRUTH_H

/*
 * Appends the KERNEL_PERF_ATTR blob of the perf event behind `file_ptr`,
 * the fd perf_event_open returned, at `len`; returns the new length.
 * Global: verified once.
 */
__noinline int capture_kernel_perf_attr(__u32 len, __u64 file_ptr)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	struct file *f = (struct file *)file_ptr;
	struct sysray_kernel_perf_attr *h;
	struct perf_event *ev;
	__u32 off = blob_start(len), n = bpf_core_type_size(struct perf_event_attr);
	__u8 status = SYSRAY_BLOB_OK;

	if (!s)
		return len;
	if (n > SYSRAY_PERF_ATTR_MAX) {
		n = SYSRAY_PERF_ATTR_MAX;
		status = SYSRAY_BLOB_TRUNCATED;
	}
	BOUND(n, SYSRAY_PERF_ATTR_MAX);
	if (room(off, sizeof(*h) + n) < sizeof(*h) + n)
		return blob_finish(s, len, 0, SYSRAY_CAPTURE_KERNEL_PERF_ATTR, SYSRAY_BLOB_TRUNCATED, 0);
	/*
	 * Another thread may have dup2'd onto the new fd before this exit: the
	 * event there must be one this thread just made (perf_event_open sets
	 * owner to current before it installs the fd).
	 */
	ev = file_is_perf_event(f) ? BPF_CORE_READ(f, private_data) : 0;
	if (!ev || BPF_CORE_READ(ev, owner) != (void *)bpf_get_current_task())
		return blob_finish(s, len, 0, SYSRAY_CAPTURE_KERNEL_PERF_ATTR, SYSRAY_BLOB_REPLACED, 0);
	h = (void *)&s->data[data_index(off)];
	h->id = BPF_CORE_READ(ev, id);
	h->leader_id = BPF_CORE_READ(ev, group_leader, id);
	if (bpf_core_field_exists(ev->orig_type))
		h->orig_type = BPF_CORE_READ(ev, orig_type);
	else
		h->orig_type = BPF_CORE_READ(ev, attr.type);
	h->attr_len = n;
	if (bpf_probe_read_kernel(&s->data[data_index(off + sizeof(*h))], n, &ev->attr))
		return blob_finish(s, len, 0, SYSRAY_CAPTURE_KERNEL_PERF_ATTR, SYSRAY_BLOB_FAULT, 0);
	return blob_finish(s, len, 0, SYSRAY_CAPTURE_KERNEL_PERF_ATTR, status, sizeof(*h) + n);
}

#endif /* SYSRAY_PERF_TRUTH_H */
