/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the kernel holds behind a file descriptor, read from its struct file:
 * the kind (by the file system's magic number and, for anonymous inodes, the
 * inode's name), a path for files, the counter of a perf event, the process
 * of a pidfd, the family, protocol, state and addresses of a socket. Sent as SYSRAY_CAPTURE_FD_INFO blobs
 * (layout in sysray.h). Needs scratch_buf and the blob helpers of
 * sysray.bpf.c, which includes this after defining them.
 */
#ifndef SYSRAY_FD_INFO_H
#define SYSRAY_FD_INFO_H

#include <bpf/bpf_endian.h>

/* uapi linux/magic.h */
#define SOCKFS_MAGIC 0x534F434B
#define PIPEFS_MAGIC 0x50495045
#define PIDFS_MAGIC 0x50494446
#define ANON_INODE_FS_MAGIC 0x09041934

/* Path components followed at most (mount crossings count too). */
#define PATH_DEPTH_MAX 24
#define PATH_BUF_LEN 4096
#define NAME_MAX_LEN 255
/* strlen(" (deleted)"), which d_path appends to pseudo files' names */
#define DELETED_SUFFIX_LEN 10

/* uapi linux/socket.h, linux/un.h */
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define UNIX_PATH_LEN 108 /* sizeof(sockaddr_un.sun_path) */

/* A path being walked up to the root, one dentry or mount crossing per step of bpf_loop. */
struct path_walk {
	struct vfsmount *vfsmnt;
	struct dentry *d;
	struct mount *mnt;
	__u64 pos;
	int pseudo;
};

/*
 * A path is built backwards (leaf first) here, then copied into a blob. The
 * walk's state is here too, not on write_path's stack: its frame is on the
 * deepest call chain (test/layout/bpf-stack.test.ts).
 */
struct path_buf {
	struct path_walk walk;
	char buf[PATH_BUF_LEN + NAME_MAX_LEN + 1];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct path_buf);
} path_bufs SEC(".maps");

/*
 * bpf_rdonly_cast (6.2+) makes a kernel address a BTF pointer, so that the
 * fields of a struct file, its inode and its path are loads, not a probe
 * read each (~30 ns apiece; an openat's fd description made ~20). Weak:
 * where the kernel lacks it, it is 0, the verifier drops the fast path,
 * and BPF_CORE_READ does the reads as before.
 */
#define CAST_BTF (bpf_rdonly_cast != 0)
#define AS_BTF(fast, type, addr) \
	((fast) ? (type *)bpf_rdonly_cast((void *)(addr), bpf_core_type_id_kernel(type)) : (type *)(addr))

/* The open file at `fd` of the current task, or NULL. `fast`: see current_task(). */
static __always_inline struct file *current_fd_file_as(const int fast, long fd)
{
	struct task_struct *task = current_task(fast);
	struct files_struct *files = TREAD(fast, task, files);
	struct fdtable *fdt = files ? TREAD(fast, files, fdt) : 0;
	struct file **fds;
	struct file *f = 0;

	if (fd < 0 || !fdt || (unsigned long)fd >= TREAD(fast, fdt, max_fds))
		return 0;
	fds = TREAD(fast, fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline struct file *current_fd_file(long fd)
{
	if (TASK_BTF)
		return current_fd_file_as(1, fd);
	return current_fd_file_as(0, fd);
}

/* The name of an anonymous inode's dentry starts with `want` (at most 16 bytes, with its NUL). */
static __always_inline int anon_name_is(struct file *f, const char *want, int n)
{
	char name[16] = {};

	bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(f, f_path.dentry, d_name.name));
	for (int i = 0; i < 16 && i < n; i++)
		if (name[i] != want[i])
			return 0;
	return 1;
}

static __always_inline int file_is_perf_event(struct file *f)
{
	if (!f || BPF_CORE_READ(f, f_inode, i_sb, s_magic) != ANON_INODE_FS_MAGIC)
		return 0;
	return anon_name_is(f, "[perf_event]", 13);
}

/*
 * One step of the walk, its leaf-first name written before w->pos in
 * path_bufs: 1 ends the walk. `fast`: see write_path_as.
 */
static __always_inline long path_step(const int fast)
{
	__u32 zero = 0;
	struct path_buf *pb = bpf_map_lookup_elem(&path_bufs, &zero);
	struct path_walk *w;
	struct dentry *d, *parent;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	const unsigned char *name;
	__u64 pos, n;

	if (!pb)
		return 1;
	/*
	 * Locals: a CO-RE read through w-> would relocate struct path_walk, which
	 * no kernel BTF has. Cast again: a pointer kept in a map is a number to
	 * the verifier.
	 */
	w = &pb->walk;
	d = AS_BTF(fast, struct dentry, (__u64)w->d);
	vfsmnt = AS_BTF(fast, struct vfsmount, (__u64)w->vfsmnt);
	mnt = AS_BTF(fast, struct mount, (__u64)w->mnt);
	pos = w->pos;
	parent = TREAD(fast, d, d_parent);
	if (d == TREAD(fast, vfsmnt, mnt_root)) {
		struct mount *up = TREAD(fast, mnt, mnt_parent);
		if (up == mnt)
			return 1; /* the top of the namespace */
		w->d = TREAD(fast, mnt, mnt_mountpoint);
		w->mnt = up;
		w->vfsmnt = AS_BTF(fast, struct vfsmount, (__u64)up + bpf_core_field_offset(struct mount, mnt));
		return 0;
	}
	if (d == parent) {
		w->pseudo = pos == PATH_BUF_LEN;
		return 1;
	}
	n = TREAD(fast, d, d_name.len) & NAME_MAX_LEN;
	name = TREAD(fast, d, d_name.name);
	if (pos <= n)
		return 1; /* longer than a path can be: keep the tail */
	pos -= n + 1;
	/* an unknown in [0, 4095] to the verifier, so the steps compare equal and it checks one or two, not 24 */
	asm volatile("%0 &= %1" : "+r"(pos) : "i"(PATH_BUF_LEN - 1));
	bpf_probe_read_kernel(&pb->buf[pos + 1], n, name);
	pb->buf[pos] = '/';
	w->pos = pos;
	w->d = parent;
	return 0;
}

static long path_step_fast(__u64 i, void *ctx)
{
	return path_step(1);
}

static long path_step_probed(__u64 i, void *ctx)
{
	return path_step(0);
}

/*
 * Writes the path of a struct file (f_path: vfsmount, dentry), as seen from
 * the root of its mount namespace, at s->data[off]; returns its length (no
 * NUL). `fast`: the walk is loads (CAST_BTF); the names are probe reads
 * either way. At most PATH_DEPTH_MAX steps.
 */
static __always_inline int write_path_as(const int fast, __u32 off, __u64 file_ptr)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	struct path_buf *pb = bpf_map_lookup_elem(&path_bufs, &zero);
	struct file *f = AS_BTF(fast, struct file, file_ptr);
	struct dentry *d;
	__u64 pos, n;
	int pseudo;

	if (!s || !pb)
		return 0;
	pb->walk.vfsmnt = TREAD(fast, f, f_path.mnt);
	pb->walk.d = TREAD(fast, f, f_path.dentry);
	pb->walk.mnt = AS_BTF(fast, struct mount, (__u64)BPF_CORE_READ(f, f_path.mnt) - bpf_core_field_offset(struct mount, mnt));
	pb->walk.pos = PATH_BUF_LEN;
	pb->walk.pseudo = 0;
	if (!pb->walk.d)
		return 0;
	bpf_loop(PATH_DEPTH_MAX, fast ? path_step_fast : path_step_probed, NULL, 0);
	d = AS_BTF(fast, struct dentry, (__u64)pb->walk.d);
	pos = pb->walk.pos;
	pseudo = pb->walk.pseudo;
	if (pseudo) {
		/*
		 * The file's own dentry is its own parent, below its mount's root: a
		 * pseudo file (memfd_create, shmem's other anonymous files). The
		 * kernel's d_path names these by d_dname (simple_dname):
		 * "/memfd:NAME (deleted)", as /proc/PID/exe shows it.
		 */
		n = TREAD(fast, d, d_name.len) & NAME_MAX_LEN;
		__builtin_memcpy(&pb->buf[PATH_BUF_LEN - DELETED_SUFFIX_LEN], " (deleted)", DELETED_SUFFIX_LEN);
		pos = PATH_BUF_LEN - DELETED_SUFFIX_LEN - 1 - n;
		asm volatile("%0 &= %1" : "+r"(pos) : "i"(PATH_BUF_LEN - 1));
		bpf_probe_read_kernel(&pb->buf[pos + 1], n, TREAD(fast, d, d_name.name));
		pb->buf[pos] = '/';
	}
	if (pos == PATH_BUF_LEN) {
		pos -= 1;
		pb->buf[pos] = '/';
	}
	n = PATH_BUF_LEN - pos;
	if (off >= SYSRAY_DATA_MAX)
		return 0;
	if (n > SYSRAY_DATA_MAX - off)
		n = SYSRAY_DATA_MAX - off;
	BOUND(n, PATH_BUF_LEN);
	asm volatile("%0 &= %1" : "+r"(pos) : "i"(PATH_BUF_LEN - 1));
	if (bpf_probe_read_kernel(&s->data[data_index(off)], n, &pb->buf[pos]))
		return 0;
	return n;
}

/* write_path_as, global: verified once, not at every caller. */
__noinline int write_path(__u32 off, __u64 file_ptr)
{
	if (CAST_BTF)
		return write_path_as(1, off, file_ptr);
	return write_path_as(0, off, file_ptr);
}

/*
 * The sun_path bytes of the name unix socket `sk_ptr` is bound to, at
 * s->data[off]; returns how many (0: none or unnamed). The name is a
 * flexible array: a probe read either way.
 */
static __always_inline __u32 write_unix_name(const int fast, struct scratch *s, __u32 off, __u64 sk_ptr)
{
	struct unix_sock *u = AS_BTF(fast, struct unix_sock, sk_ptr);
	struct unix_address *addr;
	__u64 n;

	if (!sk_ptr)
		return 0;
	addr = TREAD(fast, u, addr);
	if (!addr)
		return 0;
	/* addr->len counts sun_family too */
	n = (__u32)TREAD(fast, addr, len);
	if (n <= sizeof(__u16))
		return 0;
	n -= sizeof(__u16);
	BOUND(n, UNIX_PATH_LEN);
	if (bpf_probe_read_kernel(&s->data[data_index(off)], n,
				  (void *)addr + bpf_core_field_offset(struct unix_address, name) + sizeof(__u16)))
		return 0;
	return n;
}

/*
 * Writes struct sysray_fd_socket and the addresses (layout in sysray.h) of
 * the socket behind a struct file at s->data[off]; returns their length, 0
 * when it has no struct sock. `fast`: loads (CAST_BTF), else probe reads.
 */
static __always_inline __u32 write_socket_as(const int fast, __u32 off, __u64 file_ptr)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	struct file *f = AS_BTF(fast, struct file, file_ptr);
	struct socket *sock;
	struct sock *sk;
	struct sysray_fd_socket *so;
	__u32 at, n;
	__u16 family;

	/* room for the longest: two unix names */
	if (!s || off > SYSRAY_DATA_MAX - sizeof(*so) - 2 * UNIX_PATH_LEN)
		return 0;
	sock = AS_BTF(fast, struct socket, TREAD(fast, f, private_data));
	sk = sock ? TREAD(fast, sock, sk) : 0;
	if (!sk)
		return 0;
	so = (void *)&s->data[data_index(off)];
	__builtin_memset(so, 0, sizeof(*so));
	family = TREAD(fast, sk, __sk_common.skc_family);
	/* u16 since 5.6; a bitfield before (not read there: 5.8 is the oldest kernel) */
	so->protocol = TREAD(fast, sk, sk_protocol);
	so->state = TREAD(fast, sk, __sk_common.skc_state);
	at = off + sizeof(*so);
	if (family == AF_INET || family == AF_INET6) {
		so->local_port = TREAD(fast, sk, __sk_common.skc_num);
		so->remote_port = bpf_ntohs(TREAD(fast, sk, __sk_common.skc_dport));
	}
	if (family == AF_INET) {
		*(__u32 *)&s->data[data_index(at)] = TREAD(fast, sk, __sk_common.skc_rcv_saddr);
		*(__u32 *)&s->data[data_index(at + 4)] = TREAD(fast, sk, __sk_common.skc_daddr);
		so->local_len = so->remote_len = 4;
	} else if (family == AF_INET6 && bpf_core_field_exists(sk->__sk_common.skc_v6_daddr)) {
		/* the fields exist only with CONFIG_IPV6 */
		if (fast) {
			for (int i = 0; i < 4; i++) {
				*(__u32 *)&s->data[data_index(at + 4 * i)] = sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[i];
				*(__u32 *)&s->data[data_index(at + 16 + 4 * i)] = sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[i];
			}
		} else {
			BPF_CORE_READ_INTO((struct in6_addr *)&s->data[data_index(at)], sk, __sk_common.skc_v6_rcv_saddr);
			BPF_CORE_READ_INTO((struct in6_addr *)&s->data[data_index(at + 16)], sk, __sk_common.skc_v6_daddr);
		}
		so->local_len = so->remote_len = 16;
	} else if (family == AF_UNIX) {
		struct unix_sock *u = AS_BTF(fast, struct unix_sock, sk);

		n = write_unix_name(fast, s, at, (__u64)sk);
		so->local_len = n;
		so->remote_len = write_unix_name(fast, s, at + n, (__u64)TREAD(fast, u, peer));
	}
	return sizeof(*so) + so->local_len + so->remote_len;
}

/* write_socket_as, global: verified once, not at every caller. */
__noinline int write_socket(__u32 off, __u64 file_ptr)
{
	if (CAST_BTF)
		return write_socket_as(1, off, file_ptr);
	return write_socket_as(0, off, file_ptr);
}

/* The task a struct pid stands for (its thread group's, when it has one), or NULL when gone. */
static __always_inline struct task_struct *pid_task_of(struct pid *pid)
{
	struct hlist_node *first = BPF_CORE_READ(pid, tasks[PIDTYPE_TGID].first);
	__u32 type = PIDTYPE_TGID;

	if (!first) {
		first = BPF_CORE_READ(pid, tasks[PIDTYPE_PID].first);
		type = PIDTYPE_PID;
	}
	if (!first)
		return 0;
	/* the node is task->pid_links[type] */
	return (void *)first - bpf_core_field_offset(struct task_struct, pid_links) -
	       type * sizeof(struct hlist_node);
}

/*
 * Appends an FD_INFO blob for `file` (a struct file *, NULL: no such fd) at
 * `len`, for argument `arg` (SYSRAY_BLOB_ARG_RETVAL: the returned fd).
 * Returns the new length. Global: verified once.
 */
__noinline int capture_fd_info(__u32 len, __u64 file_ptr, __u32 arg)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch_buf, &zero);
	struct file *f = (struct file *)file_ptr;
	struct sysray_fd_info *info;
	struct inode *inode;
	__u32 off = blob_start(len), extra = 0;
	unsigned long magic;

	if (!s || off > SYSRAY_DATA_MAX - sizeof(*info))
		return len;
	info = (void *)&s->data[data_index(off)];
	__builtin_memset(info, 0, sizeof(*info));
	if (!f) {
		info->kind = SYSRAY_FD_NONE;
		return blob_finish(s, len, arg, SYSRAY_CAPTURE_FD_INFO, SYSRAY_BLOB_OK, sizeof(*info));
	}
	if (CAST_BTF) {
		/* the fields every kind needs, by loads; the rarer kinds below keep their probe reads */
		struct file *bf = AS_BTF(1, struct file, file_ptr);
		struct super_block *sb;

		inode = bf->f_inode;
		sb = inode ? inode->i_sb : 0;
		info->mode = inode ? inode->i_mode : 0;
		info->ino = inode ? inode->i_ino : 0;
		info->dev = sb ? sb->s_dev : 0;
		magic = sb ? sb->s_magic : 0;
	} else {
		inode = BPF_CORE_READ(f, f_inode);
		info->mode = BPF_CORE_READ(inode, i_mode);
		info->ino = BPF_CORE_READ(inode, i_ino);
		info->dev = BPF_CORE_READ(inode, i_sb, s_dev);
		magic = BPF_CORE_READ(inode, i_sb, s_magic);
	}
	if (magic == SOCKFS_MAGIC) {
		struct socket *sock = BPF_CORE_READ(f, private_data);
		info->kind = SYSRAY_FD_SOCKET;
		info->type = BPF_CORE_READ(sock, type);
		info->target = BPF_CORE_READ(sock, sk, __sk_common.skc_family);
		extra = write_socket(off + sizeof(*info), file_ptr);
	} else if (magic == PIPEFS_MAGIC) {
		info->kind = SYSRAY_FD_PIPE;
	} else if (magic == PIDFS_MAGIC || (magic == ANON_INODE_FS_MAGIC && anon_name_is(f, "[pidfd]", 8))) {
		/* pidfs (6.9+) keeps the struct pid in the inode; the anon-inode pidfd in the file */
		struct pid *pid = magic == PIDFS_MAGIC ? BPF_CORE_READ(inode, i_private) : BPF_CORE_READ(f, private_data);
		struct task_struct *t;

		info->kind = SYSRAY_FD_PIDFD;
		info->target = BPF_CORE_READ(pid, numbers[0].nr);
		t = pid_task_of(pid);
		if (t) {
			info->start_time = BPF_CORE_READ(t, start_boottime);
			bpf_core_read_str(info->comm, sizeof(info->comm), &t->comm);
		} else {
			info->target = 0; /* exited and reaped: the pid may be someone else's now */
		}
	} else if (magic == ANON_INODE_FS_MAGIC && anon_name_is(f, "[perf_event]", 13)) {
		struct perf_event *ev = BPF_CORE_READ(f, private_data);
		struct task_struct *t = BPF_CORE_READ(ev, hw.target);

		info->kind = SYSRAY_FD_PERF;
		info->type = BPF_CORE_READ(ev, attr.type);
		info->config = BPF_CORE_READ(ev, attr.config);
		info->cpu = BPF_CORE_READ(ev, cpu);
		info->target = t ? BPF_CORE_READ(t, pid) : -1;
		info->start_time = BPF_CORE_READ(ev, id); /* a group_fd's leader is matched on it */
		/* the PMU: some software counters are moved to PMUs of their own (task_clock) */
		bpf_probe_read_kernel_str(info->comm, sizeof(info->comm), BPF_CORE_READ(ev, pmu, name));
	} else if (magic == ANON_INODE_FS_MAGIC) {
		long n;

		info->kind = SYSRAY_FD_ANON;
		n = bpf_probe_read_kernel_str(&s->data[data_index(off + sizeof(*info))], 64,
					      BPF_CORE_READ(f, f_path.dentry, d_name.name));
		extra = n > 1 ? n - 1 : 0;
	} else {
		info->kind = SYSRAY_FD_FILE;
		extra = write_path(off + sizeof(*info), file_ptr);
	}
	return blob_finish(s, len, arg, SYSRAY_CAPTURE_FD_INFO, SYSRAY_BLOB_OK, sizeof(*info) + extra);
}

#endif /* SYSRAY_FD_INFO_H */
