/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The environment entries signatures asked for, read at sched_process_exec
 * from the new program's own memory (what its main() really got), and what
 * its fd 0 is. Contract: bpf/sysray.h, "Exec environment". Only the names
 * in map exec_env are copied: whole environments (secrets) never leave the
 * kernel. Included by sysray.bpf.c after the blob helpers.
 */
#ifndef SYSRAY_EXEC_ENV_H
#define SYSRAY_EXEC_ENV_H

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SYSRAY_CONFIG_SLOTS);
	__type(key, __u32);
	__type(value, struct sysray_exec_env);
} exec_env SEC(".maps");

/* The config of the slot in force, copied once per exec, and one entry as read. */
struct exec_env_work {
	struct sysray_exec_env cfg;
	union {
		__u64 word[SYSRAY_STR_MAX / 8];
		char text[SYSRAY_STR_MAX];
	} entry;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct exec_env_work);
} exec_env_work SEC(".maps");

struct exec_env_scan {
	__u64 p, end; /* user addresses: the next entry, the end of the environment */
	__u32 at;     /* scratch.data offset where the next copied entry goes */
	__u8 status;  /* SYSRAY_BLOB_* of the blob */
	__u8 continued; /* p is inside an entry longer than one read: not an entry start */
};

/* Copies the entry just read when it starts with one of the configured NAME=. */
static __always_inline void exec_env_match(struct scratch *s, struct exec_env_work *w,
					   struct exec_env_scan *c, long got)
{
	const __u64 *e = w->entry.word;

	for (int k = 0; k < SYSRAY_EXEC_ENV_NAMES; k++) {
		__u64 n = got - 1, max;

		if (k >= w->cfg.count)
			return;
		if ((e[0] & w->cfg.mask[k][0]) != w->cfg.name[k][0] || (e[1] & w->cfg.mask[k][1]) != w->cfg.name[k][1] ||
		    (e[2] & w->cfg.mask[k][2]) != w->cfg.name[k][2] || (e[3] & w->cfg.mask[k][3]) != w->cfg.name[k][3])
			continue;
		max = w->cfg.len[k] + SYSRAY_EXEC_ENV_VALUE_MAX;
		if (got == sizeof(w->entry) || n > max) {
			c->status = SYSRAY_BLOB_TRUNCATED;
			if (n > max)
				n = max;
		}
		if (c->at + n + 1 > SYSRAY_DATA_MAX) {
			c->status = SYSRAY_BLOB_TRUNCATED;
			c->p = c->end; /* no room: stop */
			return;
		}
		BOUND(n, SYSRAY_EXEC_ENV_NAME_LEN + SYSRAY_EXEC_ENV_VALUE_MAX);
		bpf_probe_read_kernel(&s->data[data_index(c->at)], n, w->entry.text);
		s->data[data_index(c->at + n)] = 0;
		c->at += n + 1;
		return;
	}
}

/* One environment entry (bpf_loop callback): 1 stops the scan. */
static long exec_env_step(__u64 i, void *ctx)
{
	struct exec_env_scan *c = ctx;
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	struct exec_env_work *w = bpf_map_lookup_elem(&exec_env_work, &zero);
	long got;

	if (!s || !w || c->p >= c->end)
		return 1;
	got = bpf_probe_read_user_str(w->entry.text, sizeof(w->entry), (const void *)c->p);
	if (got <= 0) {
		c->status = SYSRAY_BLOB_FAULT;
		return 1;
	}
	if (!c->continued)
		exec_env_match(s, w, c, got);
	/* an entry longer than one read: go on from where it was cut, not as an entry start */
	c->continued = got == sizeof(w->entry);
	c->p += c->continued ? got - 1 : got;
	return 0;
}

/*
 * The configured entries of the current (new) program's environment as a
 * blob at `len`, when one of `policies` (the exec's) declared names.
 */
__noinline int capture_exec_env(__u32 len, __u32 slot, __u64 policies)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	struct exec_env_scan c = {};
	const struct sysray_exec_env *cfg;
	struct exec_env_work *w;
	struct scratch *s;
	__u32 zero = 0;

	s = bpf_map_lookup_elem(&scratch_buf, &zero);
	w = bpf_map_lookup_elem(&exec_env_work, &zero);
	cfg = bpf_map_lookup_elem(&exec_env, &slot);
	if (!s || !w || !cfg || cfg->count == 0 || !(cfg->policies & policies))
		return len;
	w->cfg = *cfg;
	c.p = BPF_CORE_READ(mm, env_start);
	c.end = BPF_CORE_READ(mm, env_end);
	c.at = blob_start(len);
	c.status = SYSRAY_BLOB_OK;
	bpf_loop(SYSRAY_EXEC_ENV_SCAN, exec_env_step, &c, 0);
	if (c.status == SYSRAY_BLOB_OK && c.p < c.end)
		c.status = SYSRAY_BLOB_TRUNCATED; /* more entries than scanned */
	return blob_finish(s, len, SYSRAY_BLOB_ARG_EXEC_ENV, SYSRAY_CAPTURE_STRING_ARRAY, c.status,
			   c.at - blob_start(len));
}

/* What the new program's fd 0 is (Tracee's stdin_type, stdin_path). */
static __always_inline __u32 capture_exec_stdin(__u32 len)
{
	return capture_fd_info(len, (__u64)current_fd_file(0), SYSRAY_BLOB_ARG_EXEC_STDIN);
}

#endif /* SYSRAY_EXEC_ENV_H */
