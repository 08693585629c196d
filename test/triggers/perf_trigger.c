// Calls perf_event_open with known attributes, then failures; prints what it did.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long peo(struct perf_event_attr *a, pid_t pid, int cpu, int group, unsigned long flags)
{
	long r = syscall(SYS_perf_event_open, a, pid, cpu, group, flags);
	return r < 0 ? -errno : r;
}

int main(void)
{
	struct perf_event_attr a, b, c, d;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE;
	a.size = sizeof(a);
	a.config = PERF_COUNT_SW_TASK_CLOCK;
	a.sample_period = 12345;
	a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
	a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_ID;
	a.disabled = 1;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	a.wakeup_events = 7;
	a.config1 = 0xfedcba9876543210ULL; /* beyond 2^53: must come out exact */
	printf("size=%u\n", (unsigned)sizeof(a));
	long fd = peo(&a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	printf("plain=%ld\n", fd);

	b = a;
	b.config1 = 0;
	b.freq = 1;
	b.sample_freq = 4000;
	printf("freq=%ld\n", peo(&b, 0, -1, -1, 0));

	c = a;
	c.config1 = 0;
	c.type = 0x7ffffff0; /* no such PMU */
	printf("badtype=%ld\n", peo(&c, 0, -1, -1, 0));

	printf("nullattr=%ld\n", peo(NULL, 0, -1, -1, 0));

	d = a;
	d.config1 = 0;
	d.size = PERF_ATTR_SIZE_VER0; /* 64: fields past it are not the caller's */
	printf("ver0=%ld\n", peo(&d, 0, -1, -1, 0));
	return 0;
}
