// Races for toctou_race, and their benign twins. One mode per run; prints
// pid= then what the kernel really got.
//   phantom-open SERVED AFTER  open() of a path that straddles two
//                              userfaultfd pages: the kernel opens SERVED,
//                              memory then reads AFTER's first 8 bytes and
//                              SERVED's rest (same length)
//   unfaulted-open FILE        open() of the path held in FILE, read from a
//                              private mapping of FILE not yet faulted in:
//                              unreadable at entry, the same afterwards
//   plain-open PATH            open() from ordinary memory
//   phantom-perf               perf_event_open of an attr straddling two
//                              uffd pages: the kernel gets
//                              PERF_COUNT_SW_PAGE_FAULTS, memory then reads
//                              PERF_COUNT_SW_DUMMY
//   plain-perf                 perf_event_open(PERF_COUNT_SW_DUMMY)
#include "phantom.h"
#include <linux/perf_event.h>
#include <sys/stat.h>

static int open_at(const char *path)
{
	int fd = open(path, O_RDONLY);

	printf("pid=%d\nfd=%d\nerrno=%d\n", getpid(), fd, fd < 0 ? errno : 0);
	return fd;
}

static long perf_open(const struct perf_event_attr *attr)
{
	long fd = syscall(SYS_perf_event_open, attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);

	printf("pid=%d\nfd=%ld\nerrno=%d\n", getpid(), fd, fd < 0 ? errno : 0);
	return fd;
}

static struct perf_event_attr sw_attr(unsigned long long config)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE;
	a.size = sizeof(a);
	a.config = config;
	a.disabled = 1;
	return a;
}

int main(int argc, char **argv)
{
	struct phantom p;

	if (argc == 4 && !strcmp(argv[1], "phantom-open")) {
		size_t len = strlen(argv[2]) + 1;

		if (strlen(argv[3]) + 1 != len || len < 10)
			return 2;
		/* 8 bytes in page A, the rest (and the NUL) in page B */
		open_at(phantom_arm(&p, argv[2], argv[3], len, len - 8));
		printf("faults=%d\n", phantom_disarm(&p));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "unfaulted-open")) {
		int file = open(argv[2], O_RDONLY);
		const char *path = file < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, file, 0);

		if (path == MAP_FAILED)
			return 2;
		open_at(path);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "plain-open")) {
		open_at(argv[2]);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "phantom-perf")) {
		struct perf_event_attr served = sw_attr(PERF_COUNT_SW_PAGE_FAULTS), after = sw_attr(PERF_COUNT_SW_DUMMY);

		/* type, size and config (16 bytes) in page A: the kernel reads size there first */
		perf_open(phantom_arm(&p, &served, &after, sizeof(served), sizeof(served) - 16));
		printf("faults=%d\n", phantom_disarm(&p));
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "plain-perf")) {
		struct perf_event_attr a = sw_attr(PERF_COUNT_SW_DUMMY);

		perf_open(&a);
		return 0;
	}
	fprintf(stderr, "usage: toctou_sig phantom-open SERVED AFTER | unfaulted-open FILE | plain-open PATH | phantom-perf | plain-perf\n");
	return 2;
}
