/*
 * Builds struct perf_event_attr values the way perf(1) would for a few
 * command lines and prints each as "<case> <hex bytes>", for
 * perf-event-attr-layout.test.ts to decode with sysray's decoder.
 *
 * Default: the uapi header's struct. With -DSYSRAY_BTF_STRUCT the struct is
 * the running kernel's (btf_perf_event_attr.h, cut from its BTF by the test);
 * HAVE_CONFIG3 / HAVE_AUX_ACTION say which newer members it has.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>

#ifdef SYSRAY_BTF_STRUCT
#include "btf_perf_event_attr.h"
typedef struct btf_perf_event_attr attr_t;
#else
typedef struct perf_event_attr attr_t;
#endif

static void dump(const char *name, const attr_t *a)
{
	const unsigned char *p = (const unsigned char *)a;

	printf("%s ", name);
	for (size_t i = 0; i < sizeof(*a); i++)
		printf("%02x", p[i]);
	printf("\n");
}

int main(void)
{
	attr_t a;

	/* perf stat -e task-clock -- cmd */
	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE;
	a.size = sizeof(a);
	a.config = PERF_COUNT_SW_TASK_CLOCK;
	a.sample_type = PERF_SAMPLE_IDENTIFIER;
	a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	a.disabled = 1;
	a.inherit = 1;
	a.enable_on_exec = 1;
	a.exclude_guest = 1;
	dump("task_clock", &a);

	/* perf record -e cycles:pp -F 4000 -k mono --user-regs=... (and every tail field set) */
	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_HARDWARE;
	a.size = sizeof(a);
	a.config = PERF_COUNT_HW_CPU_CYCLES;
	a.freq = 1;
	a.sample_freq = 4000;
	a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_PERIOD |
			PERF_SAMPLE_IDENTIFIER;
	a.read_format = PERF_FORMAT_ID | PERF_FORMAT_LOST;
	a.precise_ip = 2;
	a.mmap = 1;
	a.comm = 1;
	a.task = 1;
	a.sample_id_all = 1;
	a.mmap2 = 1;
	a.comm_exec = 1;
	a.ksymbol = 1;
	a.bpf_event = 1;
	a.build_id = 1;
	a.use_clockid = 1;
	a.clockid = CLOCK_MONOTONIC;
	a.watermark = 1;
	a.wakeup_watermark = 16384;
	a.branch_sample_type = PERF_SAMPLE_BRANCH_USER | PERF_SAMPLE_BRANCH_ANY;
	a.sample_regs_user = 0xff0fffULL;
	a.sample_stack_user = 8192;
	a.sample_regs_intr = 0x3;
	a.aux_watermark = 4096;
	a.sample_max_stack = 127;
	a.aux_sample_size = 65536;
	a.inherit_thread = 1;
	a.remove_on_exec = 1;
	a.sigtrap = 1;
	a.sig_data = 0x1122334455667788ULL;
#ifdef HAVE_AUX_ACTION
	a.aux_start_paused = 1;
	a.aux_resume = 1;
#endif
#ifdef HAVE_CONFIG3
	a.config3 = 0x8000000000000001ULL;
#endif
	dump("record_cycles", &a);

	/* perf record -e mem:0x7ffd1234:w8 */
	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_BREAKPOINT;
	a.size = sizeof(a);
	a.sample_period = 1;
	a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	a.wakeup_events = 1;
	a.bp_type = HW_BREAKPOINT_W;
	a.bp_addr = 0x7ffd1234ULL;
	a.bp_len = HW_BREAKPOINT_LEN_8;
	dump("breakpoint", &a);
	return 0;
}
