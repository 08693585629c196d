// Prints the layout of the kernel/user contract (bpf/sysray.h) as JSON.
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>
#include "sysray.h"

#define F(s, f) printf("\"%s.%s\":%zu,", #s, #f, offsetof(struct s, f))
#define Z(s) printf("\"%s.bytes\":%zu,", #s, sizeof(struct s))
#define C(n) printf("\"%s\":%d,", #n, n)

int main(void)
{
	printf("{");
	F(sysray_record_head, size); F(sysray_record_head, type); F(sysray_record_head, nr_blobs); Z(sysray_record_head);
	F(sysray_entry_record, host_tid); F(sysray_entry_record, syscall_nr); Z(sysray_entry_record);
	F(sysray_event, timestamp); F(sysray_event, start_time); F(sysray_event, cgroup_id); F(sysray_event, retval);
	F(sysray_event, args); F(sysray_event, event_id); F(sysray_event, host_pid); F(sysray_event, host_tid);
	F(sysray_event, host_ppid); F(sysray_event, pid); F(sysray_event, tid); F(sysray_event, ppid); F(sysray_event, uid);
	F(sysray_event, cpu); F(sysray_event, mnt_ns); F(sysray_event, pid_ns); F(sysray_event, flags);
	F(sysray_event, comm); F(sysray_event, uts_name); F(sysray_event, policies); F(sysray_event, generation);
	F(sysray_event, process_start_time); F(sysray_event, parent_start_time); Z(sysray_event);
	F(sysray_blob, arg); F(sysray_blob, kind); F(sysray_blob, status); F(sysray_blob, len); Z(sysray_blob);
	F(sysray_syscall_desc, flags); F(sysray_syscall_desc, capture);
	F(sysray_syscall_desc, len_arg); F(sysray_syscall_desc, entry_captures); F(sysray_syscall_desc, exit_captures);
	F(sysray_syscall_desc, derive); F(sysray_syscall_desc, describe_fds);
	F(sysray_syscall_desc, dirfd_paths); F(sysray_syscall_desc, cwd_paths); F(sysray_syscall_desc, describe_at_exit); Z(sysray_syscall_desc);
	F(sysray_selection, policies); F(sysray_selection, derived); F(sysray_selection, signature);
	F(sysray_selection, signature_derived); F(sysray_selection, state); F(sysray_selection, prefilter); Z(sysray_selection);
	F(sysray_prefilter_need, values); F(sysray_prefilter_need, any_bits); F(sysray_prefilter_need, flags); F(sysray_prefilter_need, int_arg);
	F(sysray_prefilter_need, int_bits); F(sysray_prefilter_need, nr_values); F(sysray_prefilter_need, fault_arg); Z(sysray_prefilter_need);
	F(sysray_prefilter, needs); F(sysray_prefilter, nr_needs); F(sysray_prefilter, path_arg); Z(sysray_prefilter);
	F(sysray_prefix_key, prefixlen); F(sysray_prefix_key, index); F(sysray_prefix_key, path); Z(sysray_prefix_key);
	C(SYSRAY_PREFILTER_INT); C(SYSRAY_PREFILTER_PATH); C(SYSRAY_PREFILTER_ENTRY_FAULT); C(SYSRAY_PREFILTER_NEEDS); C(SYSRAY_PREFILTER_VALUES);
	C(SYSRAY_PREFILTER_PATH_MAX); C(SYSRAY_PREFILTER_PREFIX_ENTRIES);
	C(SYSRAY_NEED_INT); C(SYSRAY_NEED_PATH); C(SYSRAY_NEED_CONTAINER); C(SYSRAY_NEED_HOST); C(SYSRAY_NEED_ENTRY_FAULT);
	C(SYSRAY_STAT_SUBMITTED); C(SYSRAY_STAT_LOST); C(SYSRAY_STAT_LOST_STATE); C(SYSRAY_STAT_LOST_SECURITY);
	C(SYSRAY_STAT_LOST_SECURITY_STATE); C(SYSRAY_STAT_SUBMITTED_SECURITY); C(SYSRAY_STAT_COUNT);
	F(sysray_fd_info, kind); F(sysray_fd_info, mode); F(sysray_fd_info, ino); F(sysray_fd_info, dev); F(sysray_fd_info, cpu);
	F(sysray_fd_info, target); F(sysray_fd_info, type); F(sysray_fd_info, config); F(sysray_fd_info, start_time);
	F(sysray_fd_info, comm); Z(sysray_fd_info);
	F(sysray_kernel_perf_attr, id); F(sysray_kernel_perf_attr, leader_id); F(sysray_kernel_perf_attr, orig_type);
	F(sysray_kernel_perf_attr, attr_len); Z(sysray_kernel_perf_attr); C(SYSRAY_CAPTURE_KERNEL_PERF_ATTR); C(SYSRAY_PERF_ATTR_MAX);
	F(sysray_fd_socket, protocol); F(sysray_fd_socket, state); F(sysray_fd_socket, local_len); F(sysray_fd_socket, local_port);
	F(sysray_fd_socket, remote_port); F(sysray_fd_socket, remote_len); Z(sysray_fd_socket);
	C(SYSRAY_CAPTURE_FD_INFO); C(SYSRAY_BLOB_ARG_RETVAL); C(SYSRAY_BLOB_ARG_PAIR_FIRST); C(SYSRAY_BLOB_ARG_PAIR_SECOND); C(SYSRAY_CAPTURE_CWD); C(SYSRAY_BLOB_ARG_CWD); C(SYSRAY_OPEN_HOW_MAX); C(SYSRAY_DESC_RETURNS_FD);
	C(SYSRAY_DERIVE_NONE); C(SYSRAY_DERIVE_PERF_FD); C(SYSRAY_DERIVE_PERF_PRCTL); C(SYSRAY_DERIVE_MEM_PROT);
	C(SYSRAY_DERIVE_MAGIC_WRITE); C(SYSRAY_DERIVE_MAGIC_PWRITE); C(SYSRAY_DERIVE_MAGIC_WRITEV); C(SYSRAY_DERIVE_MAGIC_PWRITEV);
	C(SYSRAY_DERIVE_MAGIC_SENDFILE); C(SYSRAY_DERIVE_MAGIC_COPY); C(SYSRAY_CAPTURE_WRITTEN); C(SYSRAY_MAGIC_BYTES); C(SYSRAY_WRITTEN_CONTENT_UNKNOWN);
	F(sysray_written, ino); F(sysray_written, dev); F(sysray_written, flags); F(sysray_written, len); Z(sysray_written);
	C(SYSRAY_FD_NONE); C(SYSRAY_FD_FILE); C(SYSRAY_FD_SOCKET); C(SYSRAY_FD_PIPE); C(SYSRAY_FD_PIDFD); C(SYSRAY_FD_PERF); C(SYSRAY_FD_ANON);
	C(SYSRAY_EVENT_SCHED_PROCESS_FORK); C(SYSRAY_EVENT_SCHED_PROCESS_EXEC); C(SYSRAY_EVENT_SCHED_PROCESS_EXIT);
	C(SYSRAY_EVENT_CGROUP_MKDIR); C(SYSRAY_EVENT_CGROUP_RMDIR);
	C(SYSRAY_SELECT_FORK); C(SYSRAY_SELECT_EXEC); C(SYSRAY_SELECT_EXIT); C(SYSRAY_SELECT_CGROUP_MKDIR); C(SYSRAY_SELECT_CGROUP_RMDIR);
	C(SYSRAY_SELECTION_PER_SLOT);
	C(SYSRAY_CAPTURE_NONE); C(SYSRAY_CAPTURE_STRING); C(SYSRAY_CAPTURE_STRING_ARRAY); C(SYSRAY_CAPTURE_SOCKADDR_IN);
	C(SYSRAY_CAPTURE_SOCKADDR_OUT); C(SYSRAY_CAPTURE_PERF_EVENT_ATTR); C(SYSRAY_CAPTURE_INT_PAIR_OUT);
	C(SYSRAY_CAPTURE_TIMESPEC_IN); C(SYSRAY_CAPTURE_TIMESPEC_OUT); C(SYSRAY_CAPTURE_ENV_ARRAY); C(SYSRAY_CAPTURE_FSCONFIG_VALUE); C(SYSRAY_CAPTURE_OPEN_HOW); C(SYSRAY_CAPTURE_BPF_ATTR);
	F(sysray_exec_env, policies); F(sysray_exec_env, count); F(sysray_exec_env, len); F(sysray_exec_env, name); F(sysray_exec_env, mask); Z(sysray_exec_env);
	C(SYSRAY_EXEC_ENV_NAMES); C(SYSRAY_EXEC_ENV_NAME_LEN); C(SYSRAY_EXEC_ENV_SCAN); C(SYSRAY_EXEC_ENV_VALUE_MAX);
	C(SYSRAY_BLOB_ARG_EXEC_STDIN); C(SYSRAY_BLOB_ARG_EXEC_ENV);
	C(SYSRAY_BLOB_OK); C(SYSRAY_BLOB_NULL); C(SYSRAY_BLOB_FAULT); C(SYSRAY_BLOB_TRUNCATED); C(SYSRAY_BLOB_OK_AT_EXIT); C(SYSRAY_BLOB_REPLACED); C(SYSRAY_BLOB_DEFERRED);
	C(SYSRAY_RECORD_EVENT); C(SYSRAY_RECORD_ENTRY);
	C(SYSRAY_DESC_NO_RETURN); C(SYSRAY_DESC_REPLACES_MEMORY); C(SYSRAY_EVENT_AT_ENTRY); C(SYSRAY_EVENT_ENTRY_LOST); C(SYSRAY_EVENT_HAS_ENTRY);
	C(SYSRAY_MAX_ARGS); C(SYSRAY_MAX_SYSCALLS); C(SYSRAY_COMM_LEN); C(SYSRAY_UTS_LEN);
#define P(f) F(sysray_policy_config, f)
	P(enabled); P(uid_eq); P(uid_range); P(pid_eq); P(pid_range); P(mntns_eq); P(pidns_eq); P(uts_eq); P(comm_eq);
	P(exe_eq); P(tree_eq); P(new_pid); P(container); P(not_container); P(new_container); P(follow); P(start_ns);
	P(generation); P(fields); P(uid_min); P(uid_max); P(pid_min); P(pid_max); P(entry_hook); Z(sysray_policy_config);
	F(sysray_scope_match, eq); F(sysray_scope_match, ne); Z(sysray_scope_match);
	F(sysray_scope_u32_key, slot); F(sysray_scope_u32_key, value); Z(sysray_scope_u32_key);
	F(sysray_scope_comm_key, slot); F(sysray_scope_comm_key, comm); Z(sysray_scope_comm_key);
	F(sysray_scope_uts_key, slot); F(sysray_scope_uts_key, name); Z(sysray_scope_uts_key);
	F(sysray_scope_exe_key, slot); F(sysray_scope_exe_key, dev); F(sysray_scope_exe_key, ino); Z(sysray_scope_exe_key);
	F(sysray_proc_scope, tree_in); F(sysray_proc_scope, tree_out); F(sysray_proc_scope, follow); Z(sysray_proc_scope);
	F(sysray_container, is_new); Z(sysray_container);
	C(SYSRAY_MAX_POLICIES); C(SYSRAY_CONFIG_SLOTS);
	C(SYSRAY_FIELD_UID); C(SYSRAY_FIELD_PID); C(SYSRAY_FIELD_MNTNS); C(SYSRAY_FIELD_PIDNS); C(SYSRAY_FIELD_UTS);
	C(SYSRAY_FIELD_COMM); C(SYSRAY_FIELD_EXE); C(SYSRAY_FIELD_CONTAINER); C(SYSRAY_FIELD_PROC); C(SYSRAY_FIELD_NEW_PID);
	C(SYSRAY_HOOK_RAW); C(SYSRAY_HOOK_SYSCALL_TRACEPOINTS);
	Z(sysray_entry_args); F(sysray_syscall_tp_enter, nr); F(sysray_syscall_tp_enter, args); F(sysray_syscall_tp_exit, nr); F(sysray_syscall_tp_exit, ret);
	printf("\"end\":0}\n");
	return 0;
}
