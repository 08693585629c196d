// A software counter (task-clock of this thread) driven through every way
// sysray derives perf_event_ioctl and perf_event_read from: ioctl ENABLE,
// RESET, DISABLE, PERIOD (refused: not a sampling counter), ID, ENABLE with
// PERF_IOC_FLAG_GROUP; read (and one with a too small buffer), readv,
// pread64, preadv; prctl(PR_TASK_PERF_EVENTS_DISABLE/ENABLE). Prints the fd,
// its tid and each result (negative: -errno).
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static long sc(long r)
{
	return r < 0 ? -errno : r;
}

int main(void)
{
	struct perf_event_attr attr;
	uint64_t value = 0, id = 0, period = 1000;
	char small[4];
	struct iovec iov = { .iov_base = &value, .iov_len = sizeof(value) };

	setvbuf(stdout, NULL, _IONBF, 0);
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_TASK_CLOCK;
	attr.disabled = 1;
	int fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	printf("fd=%d\ntid=%d\n", fd, gettid());
	if (fd < 0)
		return 1;
	printf("enable=%ld\n", sc(ioctl(fd, PERF_EVENT_IOC_ENABLE, 0)));
	printf("reset=%ld\n", sc(ioctl(fd, PERF_EVENT_IOC_RESET, 0)));
	printf("disable=%ld\n", sc(ioctl(fd, PERF_EVENT_IOC_DISABLE, 0)));
	printf("periodaddr=%lu\n", (unsigned long)&period);
	printf("period=%ld\n", sc(ioctl(fd, PERF_EVENT_IOC_PERIOD, &period)));
	printf("idaddr=%lu\n", (unsigned long)&id);
	printf("id=%ld\n", sc(ioctl(fd, PERF_EVENT_IOC_ID, &id)));
	printf("enablegroup=%ld\n", sc(ioctl(fd, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP)));
	printf("read=%ld\n", sc(read(fd, &value, sizeof(value))));
	printf("readsmall=%ld\n", sc(read(fd, small, sizeof(small))));
	printf("readv=%ld\n", sc(readv(fd, &iov, 1)));
	printf("pread=%ld\n", sc(pread(fd, &value, sizeof(value), 0)));
	printf("preadv=%ld\n", sc(preadv(fd, &iov, 1, 0)));
	printf("prctldisable=%ld\n", sc(prctl(PR_TASK_PERF_EVENTS_DISABLE, 0, 0, 0, 0)));
	printf("prctlenable=%ld\n", sc(prctl(PR_TASK_PERF_EVENTS_ENABLE, 0, 0, 0, 0)));
	return 0;
}
