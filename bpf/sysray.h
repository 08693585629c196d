/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The kernel/user contract of sysray: everything the BPF programs and user
 * space must agree on is defined here and nowhere else. The TypeScript
 * decoder (src/decode/record-layout.ts) mirrors it; test/layout checks the
 * two agree by compiling this header and comparing offsets.
 *
 * Ring-buffer record framing. Every record is 8-byte aligned and starts
 * with struct sysray_record_head; .size covers the whole record:
 *
 *   SYSRAY_RECORD_ENTRY: struct sysray_entry_record, then .nr_blobs blobs.
 *     The user memory behind input pointers, read at sys_enter (so it is what
 *     the process passed, even if the syscall changes or replaces it). Sent
 *     only for syscalls that have such arguments; always before the
 *     SYSRAY_RECORD_EVENT of the same thread and syscall, which completes it.
 *   SYSRAY_RECORD_EVENT: struct sysray_event, then .nr_blobs blobs read at
 *     sys_exit (outputs the kernel wrote: pipe fds, accept's sockaddr...).
 *
 * A blob is struct sysray_blob followed by .len data bytes padded to 8.
 * Arguments without a blob are plain register values (sysray_event.args).
 */
#ifndef SYSRAY_H
#define SYSRAY_H

#define SYSRAY_MAX_ARGS 6
#define SYSRAY_MAX_SYSCALLS 512
#define SYSRAY_COMM_LEN 16
/* A hostname is up to 64 bytes; + NUL, rounded so the scope_uts key has no padding. */
#define SYSRAY_UTS_LEN 68
/* Longest string (path) read from user memory, including the NUL. */
#define SYSRAY_STR_MAX 4096
/* Captured bytes per event, all blobs together; a power of two (masking). */
#define SYSRAY_DATA_MAX 16384
/* Most argv/envp elements read per event. */
#define SYSRAY_ARGV_MAX 128
/* Bytes of struct perf_event_attr read at most (the kernel's is 136 in 6.x). */
#define SYSRAY_PERF_ATTR_MAX 256
/* struct sockaddr_storage. */
#define SYSRAY_SOCKADDR_MAX 128
/* Bytes of union bpf_attr read at most: BPF_PROG_LOAD's fields up to expected_attach_type. */
#define SYSRAY_BPF_ATTR_MAX 72

/* What is read behind a pointer argument (src/events/catalog-types.ts ArgCapture). */
#define SYSRAY_CAPTURE_NONE 0
#define SYSRAY_CAPTURE_STRING 1
#define SYSRAY_CAPTURE_STRING_ARRAY 2
#define SYSRAY_CAPTURE_SOCKADDR_IN 3
#define SYSRAY_CAPTURE_SOCKADDR_OUT 4
#define SYSRAY_CAPTURE_PERF_EVENT_ATTR 5
#define SYSRAY_CAPTURE_INT_PAIR_OUT 6
#define SYSRAY_CAPTURE_TIMESPEC_IN 7
#define SYSRAY_CAPTURE_TIMESPEC_OUT 8
#define SYSRAY_CAPTURE_ENV_ARRAY 9
/* openat2's struct open_how (u64 flags, mode, resolve), size from len_arg, at most SYSRAY_OPEN_HOW_MAX */
#define SYSRAY_CAPTURE_OPEN_HOW 13
#define SYSRAY_OPEN_HOW_MAX 24
/* union bpf_attr, up to SYSRAY_BPF_ATTR_MAX bytes and at most the length argument's value (bpf's size) */
#define SYSRAY_CAPTURE_BPF_ATTR 17
/*
 * Kernel-side blob kinds (not catalog captures). FD_INFO: struct
 * sysray_fd_info then its path/name bytes, what the kernel holds behind an
 * fd: for an fd argument (blob.arg its index) or for the fd a syscall
 * returned (blob.arg SYSRAY_BLOB_ARG_RETVAL).
 */
#define SYSRAY_CAPTURE_FD_INFO 10
/*
 * fsconfig's `value`: a string when register 1 (cmd) is FSCONFIG_SET_STRING,
 * FSCONFIG_SET_PATH or FSCONFIG_SET_PATH_EMPTY (1, 3, 4); no blob otherwise
 * (the value is then a pointer, NULL or binary).
 */
#define SYSRAY_CAPTURE_FSCONFIG_VALUE 16
#define SYSRAY_BLOB_ARG_RETVAL 0xff
/* The two fds of a pipe/pipe2/socketpair, described at exit. */
#define SYSRAY_BLOB_ARG_PAIR_FIRST 0xfe
#define SYSRAY_BLOB_ARG_PAIR_SECOND 0xfd
/*
 * CWD: the task's working directory (task->fs->pwd), its path as FD_INFO
 * paths are, the bytes alone (blob.arg SYSRAY_BLOB_ARG_CWD). Sent at entry,
 * once, when a relative path argument is resolved against it (AT_FDCWD or
 * no dirfd; sysray_syscall_desc.dirfd_paths, cwd_paths).
 */
#define SYSRAY_CAPTURE_CWD 14
#define SYSRAY_BLOB_ARG_CWD 0xfc
/*
 * KERNEL_PERF_ATTR: perf_event_open's kernel truth, at its exit when it
 * succeeded (blob.arg 0, attr's index): struct sysray_kernel_perf_attr,
 * then attr_len bytes of the returned fd's struct perf_event .attr, the
 * kernel's own copy (bpf_core_type_size, at most SYSRAY_PERF_ATTR_MAX:
 * TRUNCATED past it). Status REPLACED, no data: the fd no longer holds an
 * event the calling thread owns (another thread dup2'd onto it before the
 * exit). Only perf_event_open (the syscall whose args[0] capture is
 * PERF_EVENT_ATTR) pays for it.
 */
#define SYSRAY_CAPTURE_KERNEL_PERF_ATTR 18

/* sysray_blob.status */
#define SYSRAY_BLOB_OK 0
#define SYSRAY_BLOB_NULL 1      /* the pointer was NULL */
#define SYSRAY_BLOB_FAULT 2     /* the memory could not be read */
#define SYSRAY_BLOB_TRUNCATED 3 /* read, but cut at a sysray limit */
/*
 * Unreadable at entry (its page not yet faulted in: BPF cannot fault), read
 * again at exit after the kernel itself copied it in. A racing thread could
 * have changed it in between: reported as read at exit.
 */
#define SYSRAY_BLOB_OK_AT_EXIT 4
/*
 * An fd described at exit (describe_at_exit) no longer holds the struct
 * file it held at entry: replaced during the call (dup2 from another
 * thread). No data: what it holds now is not what the syscall worked on.
 */
#define SYSRAY_BLOB_REPLACED 5
/*
 * Read at exit because sysray itself put the record off to the exit (one
 * only signatures want, whose path prefilter waits for it: PATH_DEFERRED).
 * Its entry read worked (it fed the prefilter, unsent); one that faulted
 * there is OK_AT_EXIT instead.
 */
#define SYSRAY_BLOB_DEFERRED 6

/* sysray_syscall_desc.flags */
#define SYSRAY_DESC_NO_RETURN 1       /* exit, exit_group: emit at entry */
#define SYSRAY_DESC_REPLACES_MEMORY 2 /* execve, execveat: on success the caller's memory is gone */
#define SYSRAY_DESC_RETURNS_FD 4      /* on success the return value is a new fd: describe it at exit */

/*
 * sysray_syscall_desc.derive: when an event derived from this syscall
 * (perf_event_read from read...) is selected, the test that the syscall is
 * one it derives from, made at entry before anything is reserved.
 */
#define SYSRAY_DERIVE_NONE 0
#define SYSRAY_DERIVE_PERF_FD 1    /* args[0] is a perf event fd (read, readv, ioctl...) */
#define SYSRAY_DERIVE_PERF_PRCTL 2 /* prctl(PR_TASK_PERF_EVENTS_DISABLE/ENABLE) */
/*
 * mmap for mem_prot_alert: prot has PROT_WRITE or PROT_EXEC (a mapping the
 * user-space state keeps), or flags MAP_FIXED (it may replace one); a file
 * mapping's fd (args[4]) is then described.
 */
#define SYSRAY_DERIVE_MEM_PROT 9
/* magic_write's sources: see "magic_write" below. */
#define SYSRAY_DERIVE_MAGIC_WRITE 3    /* write: fd args[0] at its position, bytes from buf args[1] */
#define SYSRAY_DERIVE_MAGIC_PWRITE 4   /* pwrite64: at offset args[3], bytes from buf args[1] */
#define SYSRAY_DERIVE_MAGIC_WRITEV 5   /* writev: at its position, bytes from the iovecs args[1] */
#define SYSRAY_DERIVE_MAGIC_PWRITEV 6  /* pwritev, pwritev2: at offset args[3] (-1: its position) */
#define SYSRAY_DERIVE_MAGIC_SENDFILE 7 /* sendfile: out fd args[0] at its position, content unknown */
#define SYSRAY_DERIVE_MAGIC_COPY 8     /* copy_file_range: fd_out args[2] at *args[3] (NULL: its position), content unknown */

/*
 * magic_write (Tracee's event, without its kprobe on vfs_write): the first
 * bytes written into an empty regular file. The derive test, at the entry
 * of a source syscall, looks at the struct file behind the fd written to:
 * a regular file whose inode's i_size is 0 (just created or truncated: the
 * kernel's own truth, no open tracking), written at position 0 (or opened
 * O_APPEND, which writes at i_size). Only then is anything kept for the
 * exit; there, when the syscall wrote (ret > 0), the event record gets a
 * WRITTEN blob (blob.arg: the fd's argument):
 *
 *   struct sysray_written   dev, inode of the file (at exit), flags, len
 *   SYSRAY_MAGIC_BYTES      the first `len` = min(32, ret) bytes of the user
 *                           buffer (of the first iovecs), read at exit after
 *                           the kernel copied them; the rest is zero
 *   the rest of the blob    the file's path, as for FD_INFO (no NUL)
 *
 * Blob status FAULT: the bytes could not be read (len 0). A record sent
 * only for magic_write is dropped at exit when nothing was written.
 */
#define SYSRAY_CAPTURE_WRITTEN 11
#define SYSRAY_MAGIC_BYTES 32
#define SYSRAY_MAGIC_IOVECS 4 /* iovecs read at most for the bytes */
#define SYSRAY_WRITTEN_CONTENT_UNKNOWN 1 /* sendfile, copy_file_range: the kernel copied it from another file */

struct sysray_written {
	__u64 ino;
	__u32 dev;   /* kernel dev_t of the file system */
	__u8 flags;  /* SYSRAY_WRITTEN_* */
	__u8 len;    /* bytes of the SYSRAY_MAGIC_BYTES that follow that were written */
	__u8 pad[2];
};

/*
 * Events that are not syscalls, from sched and cgroup tracepoints. Their id
 * is in sysray_event.event_id (Tracee's ids for the sched ones); their
 * selection entries follow the syscalls' (SYSRAY_SELECTION_PER_SLOT). They
 * are sent even when no policy selects them (policies 0): user space keeps
 * its process tree and containers from them.
 */
#define SYSRAY_EVENT_SCHED_PROCESS_FORK 1002
#define SYSRAY_EVENT_SCHED_PROCESS_EXEC 1003
#define SYSRAY_EVENT_SCHED_PROCESS_EXIT 1004
#define SYSRAY_EVENT_CGROUP_MKDIR 1020
#define SYSRAY_EVENT_CGROUP_RMDIR 1021
#define SYSRAY_SELECT_FORK (SYSRAY_MAX_SYSCALLS + 0)
#define SYSRAY_SELECT_EXEC (SYSRAY_MAX_SYSCALLS + 1)
#define SYSRAY_SELECT_EXIT (SYSRAY_MAX_SYSCALLS + 2)
#define SYSRAY_SELECT_CGROUP_MKDIR (SYSRAY_MAX_SYSCALLS + 3)
#define SYSRAY_SELECT_CGROUP_RMDIR (SYSRAY_MAX_SYSCALLS + 4)
#define SYSRAY_SELECTION_PER_SLOT (SYSRAY_MAX_SYSCALLS + 16)

/*
 * Registers (sysray_event.args) of the tracepoint events:
 *   fork: child tid, child ns tid, child pid, child ns pid, child start (boot ns), 0
 *         (the parent is the event's own context)
 *   exec: 0, 0, dev, inode, ctime ns, inode mode; blobs: arg 0 cmdpath (as
 *         passed), arg 1 pathname (resolved), arg 6 interpreter of a script,
 *         arg 7 argv (the new program's, from its memory), arg 8 an FD_INFO
 *         of fd 0 (stdin) as the new program has it, arg 10 the environment
 *         entries named in exec_env (see "Exec environment"), only when
 *         some name is configured
 *   exit: exit status, signal, 1 when the whole process exited
 *   cgroup_mkdir/rmdir: cgroup id, hierarchy id; blob arg 1: the cgroup's path
 */

/* sysray_fd_info.kind */
#define SYSRAY_FD_NONE 0    /* no open file at that fd */
#define SYSRAY_FD_FILE 1    /* a path (regular file, directory, device, memfd...) */
#define SYSRAY_FD_SOCKET 2
#define SYSRAY_FD_PIPE 3
#define SYSRAY_FD_PIDFD 4
#define SYSRAY_FD_PERF 5
#define SYSRAY_FD_ANON 6    /* other anon-inode fds: the name is the inode's ([eventfd]...) */

/* sysray_record_head.type */
#define SYSRAY_RECORD_EVENT 1
#define SYSRAY_RECORD_ENTRY 2

/* sysray_event.flags */
#define SYSRAY_EVENT_AT_ENTRY 1   /* emitted at entry: the syscall does not return */
#define SYSRAY_EVENT_ENTRY_LOST 2 /* its entry record could not be reserved */
#define SYSRAY_EVENT_HAS_ENTRY 4  /* an entry record was sent before this event */

/*
 * Two ring buffers, so that a flood of bulk records cannot push out what
 * detections need: `security_events` takes every record a signature needs
 * (final policy bits include a signature bit; the entry and event records of
 * one syscall go to the same ring) and every process-lifecycle record (sched
 * and cgroup tracepoints), execve's and execveat's too (SYSRAY_DESC_REPLACES_MEMORY:
 * user space reads them after their sched_process_exec, in ring order);
 * `events` takes the rest. Each ring is read, and
 * its loss counted, on its own.
 */

/* Indexes of the per-CPU counter array "stats". */
#define SYSRAY_STAT_SUBMITTED 0 /* all records, both rings */
#define SYSRAY_STAT_LOST 1       /* records some policy selected, bulk ring */
#define SYSRAY_STAT_LOST_STATE 2 /* records sent only for user-space state (policies 0), bulk ring */
#define SYSRAY_STAT_LOST_SECURITY 3       /* as LOST, security ring */
#define SYSRAY_STAT_LOST_SECURITY_STATE 4 /* as LOST_STATE, security ring (lifecycle nothing selects) */
#define SYSRAY_STAT_SUBMITTED_SECURITY 5  /* of SUBMITTED, into the security ring */
#define SYSRAY_STAT_COUNT 6

/*
 * Policies (src/policy/kernel-config.ts writes all of this). Each policy is
 * one bit of a __u64; the kernel computes, before reserving anything, the
 * policies whose scope the current task matches and that select the syscall.
 * The configuration exists twice (slots 0 and 1): user space fills the
 * inactive slot, then flips the global `active_slot`, so a reload takes
 * effect at once and no syscall sees half a policy set.
 */
#define SYSRAY_MAX_POLICIES 64
#define SYSRAY_CONFIG_SLOTS 2

/* sysray_policy_config.fields: the scope fields some policy filters on */
#define SYSRAY_FIELD_UID (1 << 0)
#define SYSRAY_FIELD_PID (1 << 1)
#define SYSRAY_FIELD_MNTNS (1 << 2)
#define SYSRAY_FIELD_PIDNS (1 << 3)
#define SYSRAY_FIELD_UTS (1 << 4)
#define SYSRAY_FIELD_COMM (1 << 5)
#define SYSRAY_FIELD_EXE (1 << 6)
#define SYSRAY_FIELD_CONTAINER (1 << 7)
#define SYSRAY_FIELD_PROC (1 << 8) /* tree or follow: per-process state (map proc_scopes) */
#define SYSRAY_FIELD_NEW_PID (1 << 9)

/*
 * One slot's policy set. A policy in X_eq must find the task's value in its
 * `=` list (the map scope_X says which policies list a value); X_range
 * policies also bound it (inclusive X_min..X_max, indexed by policy).
 */
struct sysray_policy_config {
	__u64 enabled;       /* the policies of this set */
	__u64 uid_eq;
	__u64 uid_range;
	__u64 pid_eq;        /* host pid or tid in the list */
	__u64 pid_range;
	__u64 mntns_eq;
	__u64 pidns_eq;
	__u64 uts_eq;
	__u64 comm_eq;
	__u64 exe_eq;        /* the executable's (device, inode) in the list */
	__u64 tree_eq;       /* the process descends from one of the policy's tree= pids */
	__u64 new_pid;       /* the process started after start_ns */
	__u64 container;     /* the task's cgroup is a container's (map container_cgroups) */
	__u64 not_container;
	__u64 new_container; /* ... created after sysray started */
	__u64 follow;        /* children of matching processes match too */
	__u64 start_ns;      /* boot-clock ns when sysray started */
	__u32 generation;    /* carried by events: which policy set matched them */
	__u32 fields;        /* SYSRAY_FIELD_*: only these are evaluated */
	__u32 uid_min[SYSRAY_MAX_POLICIES];
	__u32 uid_max[SYSRAY_MAX_POLICIES];
	__u32 pid_min[SYSRAY_MAX_POLICIES];
	__u32 pid_max[SYSRAY_MAX_POLICIES];
	__u32 entry_hook;    /* SYSRAY_HOOK_*: which programs take syscall entries for this set */
	__u32 pad;
};

/*
 * The hooks that take syscall entries. The generic raw tracepoints run for
 * every syscall; the per-syscall tracepoints (syscalls:sys_enter_X) only for
 * those attached, so user space picks them when few syscalls are selected.
 */
#define SYSRAY_HOOK_RAW 0
#define SYSRAY_HOOK_SYSCALL_TRACEPOINTS 1

/* Arguments of the syscall being entered, handed from a hook to handle_enter. */
struct sysray_entry_args {
	__u64 args[SYSRAY_MAX_ARGS];
};

/* The records of syscalls:sys_enter_X / sys_exit_X (tracefs format files). */
struct sysray_syscall_tp_enter {
	__u64 common;  /* common_type, flags, preempt_count, pid */
	__s32 nr;      /* __syscall_nr */
	__u32 pad;
	__u64 args[SYSRAY_MAX_ARGS]; /* only the syscall's own are there: the record ends after them */
};

struct sysray_syscall_tp_exit {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__s64 ret;
};

/* Value of the scope_X maps: the policies that list the key with `=`, with `!=`. */
struct sysray_scope_match {
	__u64 eq;
	__u64 ne;
};

/* Keys of the scope_X maps; every key starts with its config slot. */
struct sysray_scope_u32_key {
	__u32 slot;
	__u32 value;
};

struct sysray_scope_comm_key {
	__u32 slot;
	char comm[SYSRAY_COMM_LEN];
};

struct sysray_scope_uts_key {
	__u32 slot;
	char name[SYSRAY_UTS_LEN];
};

struct sysray_scope_exe_key {
	__u32 slot;
	__u32 pad;
	__u64 dev;  /* kernel dev_t of the file system (MKDEV: major << 20 | minor) */
	__u64 ino;
};

/* Per process (tgid), map proc_scopes; inherited by children at fork. */
struct sysray_proc_scope {
	__u64 tree_in[SYSRAY_CONFIG_SLOTS];  /* policies whose tree= includes it */
	__u64 tree_out[SYSRAY_CONFIG_SLOTS]; /* policies whose tree!= excludes it */
	__u64 follow[SYSRAY_CONFIG_SLOTS];   /* follow policies an ancestor matched */
};

/* Value of map container_cgroups, keyed by cgroup (v2) id. */
struct sysray_container {
	__u8 is_new; /* created after sysray started */
	__u8 pad[7];
};

/* sysray_selection.prefilter: what map `prefilters` holds for this entry */
#define SYSRAY_PREFILTER_INT 1  /* needs with conditions decided at entry before anything is read (int, origin) */
#define SYSRAY_PREFILTER_PATH 2 /* needs with a path condition: decided on the string read at entry (or at exit) */
#define SYSRAY_PREFILTER_ENTRY_FAULT 4 /* needs with an entry-fault condition: decided once the entry captures are read */

/*
 * Map `selection`, per slot and event (index slot * SYSRAY_SELECTION_PER_SLOT
 * + syscall nr or SYSRAY_SELECT_*): one lookup says whether to go on.
 */
struct sysray_selection {
	__u64 policies;  /* policies selecting the event */
	__u64 derived;   /* policies selecting an event derived from it, if the desc's derive test passes */
	__u64 signature; /* policies selecting a signature that needs it, if the prefilter passes */
	__u64 signature_derived; /* ... a signature that needs it through the derive test: both must pass */
	__u32 state;     /* send it even when no policy matches: user space keeps state from it (fd table) */
	__u32 prefilter; /* SYSRAY_PREFILTER_*: conditions on the signature bits only */
};

#define SYSRAY_PREFILTER_NEEDS 8     /* needs per selection entry; more are merged into the last (wider) */
#define SYSRAY_PREFILTER_VALUES 4    /* values of one need's int set */
#define SYSRAY_PREFILTER_PATH_MAX 64 /* bytes of a path the prefix trie compares; longer prefixes are cut */
#define SYSRAY_PREFILTER_PREFIX_ENTRIES 4096 /* map prefilter_prefixes, both config slots */

/* sysray_prefilter_need.flags: the conditions a need has; it passes when all do */
#define SYSRAY_NEED_INT 1       /* register int_arg is in values[0..nr_values) or has one of any_bits */
#define SYSRAY_NEED_PATH 2      /* the string of sysray_prefilter.path_arg starts with one of its prefixes */
#define SYSRAY_NEED_CONTAINER 4 /* the task's cgroup is a container's (map container_cgroups) */
#define SYSRAY_NEED_HOST 8      /* ... is not */
/*
 * Argument fault_arg's user memory could not be read at entry (its page not
 * present: BPF cannot fault; the phantom attack's userfaultfd): decided
 * after the entry captures are read, before anything is sent.
 */
#define SYSRAY_NEED_ENTRY_FAULT 16

/* One signature need of a selection entry (KernelNeed of src/detect/kernel-needs.ts). */
struct sysray_prefilter_need {
	__u64 values[SYSRAY_PREFILTER_VALUES];
	__u64 any_bits;
	__u8 flags;    /* SYSRAY_NEED_* */
	__u8 int_arg;
	__u8 int_bits; /* 32: the register's low 32 bits */
	__u8 nr_values;
	__u8 fault_arg; /* SYSRAY_NEED_ENTRY_FAULT: the captured argument */
	__u8 pad[3];
};

/*
 * Map `prefilters`, same index as `selection`: the signature needs of all
 * policies of the entry, a disjunction: a record passes when any need
 * passes all its conditions (user space checks each need again). The path
 * conditions of all needs are on one argument, path_arg; their prefixes are
 * in map `prefilter_prefixes`. A path passes them all when it does not start
 * with '/' (the kernel cannot resolve it), could not be read, or was cut
 * before SYSRAY_PREFILTER_PATH_MAX bytes. For a syscall that returns an fd
 * (SYSRAY_DESC_RETURNS_FD) it is decided at exit: on success on the
 * returned fd's path (FD_INFO FILE: symlinks, `..`, `//` and the cwd
 * resolved, as the kernel opened it), on failure on the string as above; a
 * record only signatures want is then sent at exit alone (its entry
 * captures read again there: SYSRAY_BLOB_DEFERRED, or SYSRAY_BLOB_OK_AT_EXIT
 * for those whose entry read faulted).
 *
 * Entry-fault conditions (SYSRAY_NEED_ENTRY_FAULT) are decided right after
 * the entry captures are read, on the faults seen there, even when the path
 * condition waits for the exit: a record whose needs all fail there is not
 * sent at all, and costs what a failed path prefilter costs.
 */
struct sysray_prefilter {
	struct sysray_prefilter_need needs[SYSRAY_PREFILTER_NEEDS];
	__u8 nr_needs;
	__u8 path_arg;
	__u8 pad[6];
};

/*
 * Key of map `prefilter_prefixes` (BPF_MAP_TYPE_LPM_TRIE): prefixlen counts
 * bits from `index`, whose 32 bits (the selection index) are always in the
 * prefix, then 8 per byte of the path prefix. The value (__u32): bit k for
 * need k of that entry whose prefixes cover this one: user space ORs into
 * each prefix the bits of every shorter prefix of the entry that covers it,
 * since a lookup returns the longest match only.
 */
struct sysray_prefix_key {
	__u32 prefixlen;
	__u32 index;
	__u8 path[SYSRAY_PREFILTER_PATH_MAX];
};

/* Per-syscall configuration, written by user space from the event catalog. */
struct sysray_syscall_desc {
	__u8 flags;       /* SYSRAY_DESC_* */
	__u8 capture[SYSRAY_MAX_ARGS]; /* SYSRAY_CAPTURE_* */
	__u8 len_arg[SYSRAY_MAX_ARGS]; /* for sockaddr: index of the length argument */
	__u8 entry_captures;           /* has captures read at entry */
	__u8 exit_captures;            /* bit i: args[i] is captured at exit (src/events/catalog-types.ts isExitCapture) */
	__u8 derive;                   /* SYSRAY_DERIVE_* */
	__u8 describe_fds;             /* bit i: describe the fd in args[i] at entry (pidfds) */
	/*
	 * bit i: args[i] is a dirfd for the path string in args[i + 1]: when that
	 * path is relative (or empty, or NULL), describe the fd at entry
	 * (FD_INFO, blob.arg i), or send the CWD for AT_FDCWD
	 */
	__u8 dirfd_paths;
	__u8 cwd_paths;                /* bit i: the path string in args[i] is resolved against the cwd: relative, send the CWD */
	__u8 describe_at_exit;         /* bit i: describe the fd in args[i] at exit when the syscall succeeded or is in progress (connect, bind, listen) */
	__u8 pad[4];
};

/*
 * Blob SYSRAY_CAPTURE_FD_INFO: what the kernel holds behind an fd, then
 * `len - sizeof` bytes: the path (FILE), the name (ANON), or for a SOCKET
 * that has a struct sock, its addresses, packed:
 *
 *   struct sysray_fd_socket    protocol, state, ports, the two lengths
 *   local_len bytes            the local address
 *   remote_len bytes           the remote address (right after the local one)
 *
 *   AF_INET   4 bytes each, network order: skc_rcv_saddr, skc_daddr
 *   AF_INET6  16 bytes each: skc_v6_rcv_saddr, skc_v6_daddr (0 bytes on
 *             kernels built without IPv6)
 *   AF_UNIX   the sun_path bytes of the socket's bound name (unix_sock->addr,
 *             addr->len - sizeof(sun_family): a path ends in its NUL, an
 *             abstract name starts with one), 0 bytes when unnamed; remote:
 *             the bound name of its peer (unix_peer), 0 bytes when it has
 *             none or the peer is unnamed
 *   others    0 bytes
 *
 * A SOCKET blob of only sizeof(struct sysray_fd_info) bytes: no struct sock
 * (or no room left in the record); its addresses are not known.
 */
struct sysray_fd_info {
	__u8 kind;        /* SYSRAY_FD_* */
	__u8 pad[3];
	__u32 mode;       /* the inode's i_mode */
	__u64 ino;
	__u32 dev;        /* kernel dev_t of the file system */
	__s32 cpu;        /* PERF: the counter's cpu, -1 any */
	__s32 target;     /* PERF: host tid it follows, -1 all; PIDFD: host pid (0: gone); SOCKET: family */
	__u32 type;       /* PERF: attr.type; SOCKET: type */
	__u64 config;     /* PERF: attr.config */
	__u64 start_time; /* PIDFD: the process's start, boot ns; PERF: perf_event.id */
	char comm[SYSRAY_COMM_LEN]; /* PIDFD: its comm; PERF: the PMU's name */
};

/* Blob SYSRAY_CAPTURE_KERNEL_PERF_ATTR: then attr_len bytes of the kernel's attr. */
struct sysray_kernel_perf_attr {
	__u64 id;        /* perf_event.id, as FD_INFO PERF's start_time */
	__u64 leader_id; /* its group_leader's id: its own when it leads itself (no group) */
	__u32 orig_type; /* the type it was given, before a PMU moved it (perf_event.orig_type; attr.type where the kernel has none) */
	__u32 attr_len;  /* bytes of struct perf_event .attr that follow */
};

/* After a SOCKET's struct sysray_fd_info (layout above). */
struct sysray_fd_socket {
	__u16 protocol;    /* sk_protocol: IPPROTO_* for AF_INET/AF_INET6 */
	__u8 state;        /* skc_state: TCP_* (UDP and unix sockets use TCP_ESTABLISHED, TCP_CLOSE, TCP_LISTEN too) */
	__u8 local_len;    /* bytes of local address that follow */
	__u16 local_port;  /* AF_INET/AF_INET6, host order (skc_num: a SOCK_RAW socket's protocol) */
	__u16 remote_port; /* host order (skc_dport, which is network order) */
	__u8 remote_len;   /* bytes of remote address after the local one */
	__u8 pad[3];
};

/*
 * Exec environment. Map `exec_env`, keyed by config slot: the environment
 * variable names the selected signatures need (the kernel never sends a
 * whole environment to them). At sched_process_exec the new program's own
 * environment (mm->env_start..env_end) is scanned, at most
 * SYSRAY_EXEC_ENV_SCAN entries, and each entry that starts with one of the
 * `NAME=` is copied, value cut to SYSRAY_EXEC_ENV_VALUE_MAX bytes, into one
 * STRING_ARRAY blob (arg 10): NUL-terminated entries. The blob is TRUNCATED
 * when a value was cut or entries were left unscanned. No blob when the
 * slot has no entry, or none of `policies` (those selecting a signature
 * that declared the names) matched the exec.
 *
 * name[k] holds `NAME=` (len[k] bytes, at most SYSRAY_EXEC_ENV_NAME_LEN)
 * zero-padded; mask[k] has 0xff over those bytes: an entry matches when its
 * first 32 bytes AND mask equal name, compared as four u64.
 */
#define SYSRAY_EXEC_ENV_NAMES 8
#define SYSRAY_EXEC_ENV_NAME_LEN 32
#define SYSRAY_EXEC_ENV_SCAN 256
#define SYSRAY_EXEC_ENV_VALUE_MAX 256
#define SYSRAY_BLOB_ARG_EXEC_STDIN 8
#define SYSRAY_BLOB_ARG_EXEC_ENV 10

struct sysray_exec_env {
	__u64 policies; /* policies with a signature that declared names */
	__u32 count;    /* names in use */
	__u8 len[SYSRAY_EXEC_ENV_NAMES];
	__u32 pad;
	__u64 name[SYSRAY_EXEC_ENV_NAMES][SYSRAY_EXEC_ENV_NAME_LEN / 8];
	__u64 mask[SYSRAY_EXEC_ENV_NAMES][SYSRAY_EXEC_ENV_NAME_LEN / 8];
};

struct sysray_record_head {
	__u32 size;    /* whole record, head included, bytes */
	__u16 type;    /* SYSRAY_RECORD_* */
	__u16 nr_blobs;
};

struct sysray_entry_record {
	struct sysray_record_head head;
	__u32 host_tid;
	__u32 syscall_nr;
};

struct sysray_event {
	struct sysray_record_head head;
	__u64 timestamp;   /* boot-clock ns at exit (entry for no-return syscalls) */
	__u64 start_time;  /* thread start, boot-clock ns */
	__u64 cgroup_id;   /* in the containers' hierarchy (event_context.h container_cgroup_id) */
	__s64 retval;
	__u64 args[SYSRAY_MAX_ARGS]; /* registers at entry (tracepoint events: see above) */
	__u32 event_id;    /* the syscall number, or SYSRAY_EVENT_* */
	__u32 host_pid;    /* tgid */
	__u32 host_tid;
	__u32 host_ppid;
	__u32 pid;         /* in the task's pid namespace */
	__u32 tid;
	__u32 ppid;
	__u32 uid;
	__u32 cpu;
	__u32 mnt_ns;
	__u32 pid_ns;
	__u32 flags;       /* SYSRAY_EVENT_* */
	char comm[SYSRAY_COMM_LEN];
	char uts_name[SYSRAY_UTS_LEN];
	__u64 policies;    /* policies whose scope and event selection matched */
	__u32 generation;  /* of the policy set that matched (sysray_policy_config) */
	__u32 pad;
	__u64 process_start_time; /* the thread group leader's, boot ns (entity ids) */
	__u64 parent_start_time;  /* the parent process's */
};

struct sysray_blob {
	__u8 arg;    /* argument index */
	__u8 kind;   /* SYSRAY_CAPTURE_* */
	__u8 status; /* SYSRAY_BLOB_* */
	__u8 pad;
	__u32 len;   /* data bytes that follow (before padding) */
};

#endif /* SYSRAY_H */
