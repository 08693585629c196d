/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The directories relative path arguments are resolved against, described
 * at entry so that user space can make the path absolute as the kernel did:
 * a dirfd (FD_INFO blob for that argument) or, for AT_FDCWD and syscalls
 * without a dirfd, the task's working directory (CWD blob, sysray.h). Only
 * for relative paths: an absolute one costs a look at its first byte.
 * Needs the blob helpers, task_states, syscall_descs and fd_info.h.
 */
#ifndef SYSRAY_PATH_DIRS_H
#define SYSRAY_PATH_DIRS_H

#define AT_FDCWD_VALUE (-100)

/*
 * Whether the string blob of argument `arg`, among the `end` bytes of blobs
 * in s->data, names something relative to a directory: relative, NULL, or
 * empty (AT_EMPTY_PATH: the dirfd itself) with describe_empty_paths. Not
 * when it is absolute, was not captured or could not be read. Global: its walk of the blobs is
 * verified once, not at each of describe_path_dirs's eleven calls (those
 * were most of that function's verification, in two programs).
 */
__noinline int path_arg_relative(__u32 end, __u32 arg)
{
	__u32 at = 0, zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);

	if (!s)
		return 0;
	for (int k = 0; k < 2 * SYSRAY_MAX_ARGS; k++) {
		struct sysray_blob *b;

		if (at > SYSRAY_DATA_MAX - sizeof(*b) || at + sizeof(*b) > end)
			return 0;
		b = (void *)&s->data[data_index(at)];
		if (b->arg == arg && b->kind == SYSRAY_CAPTURE_STRING) {
			if (b->status == SYSRAY_BLOB_NULL)
				return 1;
			if (b->status == SYSRAY_BLOB_FAULT)
				return 0;
			if (b->len == 0)
				return describe_empty_paths;
			return s->data[data_index(at + sizeof(*b))] != '/';
		}
		at += sizeof(*b) + ((b->len + 7) & ~7U);
	}
	return 0;
}

/*
 * Appends a CWD blob: the path of current->fs->pwd. write_path reads a
 * struct file's f_path, so it is handed the address that puts f_path on
 * fs->pwd (a struct path too); nothing else of that "file" is read.
 */
static __always_inline __u32 capture_cwd(struct scratch *s, __u32 len)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fs_struct *fs = BPF_CORE_READ(task, fs);
	__u32 off = blob_start(len);
	__u64 pwd;
	int n;

	if (!fs)
		return len;
	pwd = (__u64)fs + bpf_core_field_offset(struct fs_struct, pwd);
	n = write_path(off, pwd - bpf_core_field_offset(struct file, f_path));
	return blob_finish(s, len, SYSRAY_BLOB_ARG_CWD, SYSRAY_CAPTURE_CWD, SYSRAY_BLOB_OK, n);
}

/*
 * After the entry captures (`len` bytes of blobs) of syscall `nr`: the
 * descriptions of the dirfds of its relative path arguments, and the cwd
 * once when one is resolved against it (sysray_syscall_desc.dirfd_paths,
 * cwd_paths). Returns the new length. Global: verified once.
 */
__noinline int describe_path_dirs(__u32 len, __u32 nr)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0;
	const struct sysray_syscall_desc *d = bpf_map_lookup_elem(&syscall_descs, &nr);
	struct task_state *st = current_task_state(tid);
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	int need_cwd = 0;

	if (!d || !st || !s || !(d->dirfd_paths | d->cwd_paths))
		return len;
	for (int i = 0; i < SYSRAY_MAX_ARGS; i++) {
		if ((d->cwd_paths & (1 << i)) && path_arg_relative(len, i))
			need_cwd = 1;
		if (i + 1 < SYSRAY_MAX_ARGS && (d->dirfd_paths & (1 << i)) && path_arg_relative(len, i + 1)) {
			if ((int)st->args[i] == AT_FDCWD_VALUE)
				need_cwd = 1;
			else
				len = capture_fd_info(len, (__u64)current_fd_file((int)st->args[i]), i);
		}
	}
	if (need_cwd)
		len = capture_cwd(s, len);
	return len;
}

/*
 * At entry of a syscall whose fds are described at exit: keeps the struct
 * file the first of them (lowest bit of `mask`) holds, for describe_fd_args.
 * Global: verified once; only those syscalls pay.
 */
__noinline int keep_exit_fd_file(__u32 mask)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct task_state *st = current_task_state(tid);

	if (!st)
		return 0;
	for (int i = 0; i < SYSRAY_MAX_ARGS; i++)
		if (mask & (1 << i)) {
			st->exit_fd_arg = i;
			st->exit_fd_file = (__u64)current_fd_file((int)st->args[i]);
			return 0;
		}
	return 0;
}

/*
 * Appends FD_INFO blobs for the fd arguments in `mask` (bit i: args[i]) of
 * the syscall the current thread is leaving: what a socket is once
 * connect, bind or listen changed it. When the fd kept at entry
 * (keep_exit_fd_file) holds another file now, a REPLACED blob without data:
 * the new file is not what the syscall worked on. While the call runs its
 * fd holds a reference (fdget; shared fd tables take one), so the old file
 * cannot be freed and its address taken by the new one. Global: verified once.
 */
__noinline int describe_fd_args(__u32 len, __u32 mask)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0;
	struct task_state *st = current_task_state(tid);
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);

	if (!st || !s)
		return len;
	for (int i = 0; i < SYSRAY_MAX_ARGS; i++) {
		__u64 f;

		if (!(mask & (1 << i)))
			continue;
		f = (__u64)current_fd_file((int)st->args[i]);
		if (i == st->exit_fd_arg && f != st->exit_fd_file)
			len = blob_finish(s, len, i, SYSRAY_CAPTURE_FD_INFO, SYSRAY_BLOB_REPLACED, 0);
		else
			len = capture_fd_info(len, f, i);
	}
	return len;
}

#endif /* SYSRAY_PATH_DIRS_H */
