/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * magic_write without kprobes (contract in sysray.h, "magic_write"): the
 * derive test at a write syscall's entry, and the WRITTEN blob at its exit.
 * The test is the kernel's own state of the file (i_size 0, position 0), so
 * a write storm into a file that already has bytes costs a few loads per
 * write and no record. Needs task_states, scratch_buf, the blob helpers and
 * fd_info.h (current_fd_file, write_path); sysray.bpf.c includes this after them.
 */
#ifndef SYSRAY_MAGIC_WRITE_H
#define SYSRAY_MAGIC_WRITE_H

/* uapi: S_IFMT, S_IFREG; asm-generic/fcntl.h O_APPEND */
#define MW_S_IFMT 0170000
#define MW_S_IFREG 0100000
#define MW_O_APPEND 02000

static __always_inline int is_magic_derive(__u8 derive)
{
	return derive >= SYSRAY_DERIVE_MAGIC_WRITE && derive <= SYSRAY_DERIVE_MAGIC_COPY;
}

/* The argument that holds the fd written to. */
static __always_inline __u32 magic_fd_arg(__u32 derive)
{
	return derive == SYSRAY_DERIVE_MAGIC_COPY ? 2 : 0;
}

/* The test below on the struct file at `file_ptr`; `fast`: loads (CAST_BTF), else probe reads. */
static __always_inline int magic_candidate_as(const int fast, __u32 derive, __u64 file_ptr, __u64 a3)
{
	struct file *f = AS_BTF(fast, struct file, file_ptr);
	struct inode *inode = TREAD(fast, f, f_inode);
	__s64 pos = -1;

	if (!inode || (TREAD(fast, inode, i_mode) & MW_S_IFMT) != MW_S_IFREG)
		return 0;
	if (TREAD(fast, inode, i_size) != 0)
		return 0;
	/* O_APPEND writes at i_size, which is 0 */
	if (TREAD(fast, f, f_flags) & MW_O_APPEND)
		return 1;
	if (derive == SYSRAY_DERIVE_MAGIC_PWRITE || derive == SYSRAY_DERIVE_MAGIC_PWRITEV)
		pos = (__s64)a3;
	else if (derive == SYSRAY_DERIVE_MAGIC_COPY && a3 && bpf_probe_read_user(&pos, sizeof(pos), (void *)a3))
		return 0; /* the syscall faults too */
	if (pos == -1)
		pos = TREAD(fast, f, f_pos);
	return pos == 0;
}

/*
 * Derive test of magic_write: the fd (a0, or a2 for copy_file_range) is a
 * regular file with no bytes yet, written at position 0. `a3` is the offset
 * of pwrite64/pwritev (-1: the file's position, pwritev2), or copy_file_range's
 * off_out pointer. Every write of a selected process runs it: loads where
 * the kernel has bpf_rdonly_cast, not a probe read per field. Global:
 * verified once.
 */
__noinline int magic_write_candidate(__u32 derive, __u64 a0, __u64 a2, __u64 a3)
{
	struct file *f = current_fd_file((long)(int)(derive == SYSRAY_DERIVE_MAGIC_COPY ? a2 : a0));

	if (!f)
		return 0;
	if (CAST_BTF)
		return magic_candidate_as(1, derive, (__u64)f, a3);
	return magic_candidate_as(0, derive, (__u64)f, a3);
}

/*
 * ret <= 0, out of the caller's sight: a range the verifier learned of ret
 * there would split every later state of the exit (~40k insns more).
 */
__noinline int magic_wrote_nothing(long ret)
{
	return ret <= 0;
}

/*
 * Appends the WRITTEN blob (sysray.h "magic_write") for the current
 * thread's syscall, which wrote `ret` > 0 bytes. Global: verified once.
 */
__noinline int capture_magic_write(__u32 len, __u64 ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0;
	struct task_state *st = current_task_state(tid);
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	struct sysray_written *w;
	struct file *f;
	struct inode *inode;
	__u32 derive, fd_arg, off, got = 0, path;
	__u8 status = SYSRAY_BLOB_OK;

	if (!st || !s)
		return len;
	derive = st->magic;
	fd_arg = magic_fd_arg(derive);
	off = blob_start(len);
	if (off > SYSRAY_DATA_MAX - sizeof(*w) - SYSRAY_MAGIC_BYTES)
		return len;
	w = (void *)&s->data[data_index(off)];
	__builtin_memset(w, 0, sizeof(*w) + SYSRAY_MAGIC_BYTES);
	f = current_fd_file((long)(int)st->args[fd_arg & 7]);
	inode = BPF_CORE_READ(f, f_inode);
	w->ino = BPF_CORE_READ(inode, i_ino);
	w->dev = BPF_CORE_READ(inode, i_sb, s_dev);
	off += sizeof(*w);
	if (ret > SYSRAY_MAGIC_BYTES)
		ret = SYSRAY_MAGIC_BYTES;
	if (derive == SYSRAY_DERIVE_MAGIC_WRITE || derive == SYSRAY_DERIVE_MAGIC_PWRITE) {
		__u32 n = ret;

		BOUND(n, SYSRAY_MAGIC_BYTES);
		if (n && bpf_probe_read_user(&s->data[data_index(off)], n, (void *)st->args[1]))
			status = SYSRAY_BLOB_FAULT;
		else
			got = n;
	} else if (derive == SYSRAY_DERIVE_MAGIC_WRITEV || derive == SYSRAY_DERIVE_MAGIC_PWRITEV) {
		const struct iovec *iov = (const struct iovec *)st->args[1];

		for (int i = 0; i < SYSRAY_MAGIC_IOVECS; i++) {
			struct iovec v = {};
			__u64 n;

			if (got >= ret || i >= (int)st->args[2])
				break;
			if (bpf_probe_read_user(&v, sizeof(v), &iov[i])) {
				status = SYSRAY_BLOB_FAULT;
				break;
			}
			n = v.iov_len;
			if (n > ret - got)
				n = ret - got;
			BOUND(n, SYSRAY_MAGIC_BYTES);
			BOUND(got, SYSRAY_MAGIC_BYTES);
			if (n && bpf_probe_read_user(&s->data[data_index(off + got)], n, v.iov_base)) {
				status = SYSRAY_BLOB_FAULT;
				break;
			}
			got += n;
		}
	} else {
		w->flags = SYSRAY_WRITTEN_CONTENT_UNKNOWN;
	}
	if (status != SYSRAY_BLOB_OK) {
		got = 0;
		__builtin_memset(&s->data[data_index(off)], 0, SYSRAY_MAGIC_BYTES);
	}
	BOUND(got, SYSRAY_MAGIC_BYTES);
	w->len = got;
	path = f ? write_path(off + SYSRAY_MAGIC_BYTES, (__u64)f) : 0;
	return blob_finish(s, len, fd_arg, SYSRAY_CAPTURE_WRITTEN, status, sizeof(*w) + SYSRAY_MAGIC_BYTES + path);
}

#endif /* SYSRAY_MAGIC_WRITE_H */
