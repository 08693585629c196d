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
	F(sysray_event, args); F(sysray_event, syscall_nr); F(sysray_event, host_pid); F(sysray_event, host_tid);
	F(sysray_event, host_ppid); F(sysray_event, pid); F(sysray_event, tid); F(sysray_event, ppid); F(sysray_event, uid);
	F(sysray_event, cpu); F(sysray_event, mnt_ns); F(sysray_event, pid_ns); F(sysray_event, flags);
	F(sysray_event, comm); F(sysray_event, uts_name); Z(sysray_event);
	F(sysray_blob, arg); F(sysray_blob, kind); F(sysray_blob, status); F(sysray_blob, len); Z(sysray_blob);
	F(sysray_syscall_desc, selected); F(sysray_syscall_desc, flags); F(sysray_syscall_desc, capture);
	F(sysray_syscall_desc, len_arg); F(sysray_syscall_desc, entry_captures); F(sysray_syscall_desc, exit_captures);
	Z(sysray_syscall_desc);
	C(SYSRAY_CAPTURE_NONE); C(SYSRAY_CAPTURE_STRING); C(SYSRAY_CAPTURE_STRING_ARRAY); C(SYSRAY_CAPTURE_SOCKADDR_IN);
	C(SYSRAY_CAPTURE_SOCKADDR_OUT); C(SYSRAY_CAPTURE_PERF_EVENT_ATTR); C(SYSRAY_CAPTURE_INT_PAIR_OUT);
	C(SYSRAY_CAPTURE_TIMESPEC_IN); C(SYSRAY_CAPTURE_TIMESPEC_OUT); C(SYSRAY_CAPTURE_ENV_ARRAY);
	C(SYSRAY_BLOB_OK); C(SYSRAY_BLOB_NULL); C(SYSRAY_BLOB_FAULT); C(SYSRAY_BLOB_TRUNCATED); C(SYSRAY_BLOB_OK_AT_EXIT);
	C(SYSRAY_RECORD_EVENT); C(SYSRAY_RECORD_ENTRY);
	C(SYSRAY_DESC_NO_RETURN); C(SYSRAY_DESC_REPLACES_MEMORY); C(SYSRAY_EVENT_AT_ENTRY); C(SYSRAY_EVENT_ENTRY_LOST); C(SYSRAY_EVENT_HAS_ENTRY);
	C(SYSRAY_MAX_ARGS); C(SYSRAY_MAX_SYSCALLS); C(SYSRAY_COMM_LEN); C(SYSRAY_UTS_LEN);
	printf("\"end\":0}\n");
	return 0;
}
