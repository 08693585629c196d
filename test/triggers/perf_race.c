// perf_event_open races, for sysray's kernel values (test/integration/kernel-truth-perf.test.ts).
//
//   perf_race flip N   N calls while another thread flips attr.config between
//                      PERF_COUNT_SW_DUMMY (9) and PERF_COUNT_SW_PAGE_FAULTS (2);
//                      for each, the counter the kernel really made, learnt by
//                      counting: "call=I fd=FD config=C" (page faults > 0: 2)
//   perf_race phantom  the phantom attack (phantom.h): the kernel gets
//                      PAGE_FAULTS, user memory reads DUMMY from then on
//   perf_race group    a leader, a member of its group, and a call that names
//                      it with PERF_FLAG_FD_NO_GROUP
//   perf_race swap     group_fd names leader A at entry; while the kernel waits
//                      on the attr's page (userfaultfd), leader B is dup2'd
//                      onto it: the member joins B
#define _GNU_SOURCE
#include <linux/perf_event.h>
#include <sched.h>
#include <stdint.h>
#include "phantom.h"

static long peo(struct perf_event_attr *a, int group, unsigned long flags)
{
	long r = syscall(SYS_perf_event_open, a, 0, -1, group, flags);
	return r < 0 ? -errno : r;
}

static void attr_init(struct perf_event_attr *a, uint64_t config)
{
	memset(a, 0, sizeof(*a));
	a->type = PERF_TYPE_SOFTWARE;
	a->size = sizeof(*a);
	a->config = config;
}

/* The config of the counter behind fd, by what it counts: a fresh page touched is a page fault. */
static int counted_config(int fd)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), n = 4;
	char *m = mmap(NULL, n * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t count = 0;

	if (m == MAP_FAILED)
		phantom_fail("mmap");
	for (size_t i = 0; i < n; i++)
		((volatile char *)m)[i * page] = 1;
	munmap(m, n * page);
	if (read(fd, &count, sizeof(count)) != sizeof(count))
		phantom_fail("read counter");
	return count > 0 ? PERF_COUNT_SW_PAGE_FAULTS : PERF_COUNT_SW_DUMMY;
}

static struct perf_event_attr shared __attribute__((aligned(64)));
static volatile int stop;

/* On a CPU of its own when there is one: sharing the caller's, it would flip only while the caller is off it. */
static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *flipper(void *arg)
{
	volatile __u64 *config = &shared.config;

	pin(1);
	/* each value held a while (~100 ns): a store buffer would otherwise keep DUMMY out of sight */
	while (!stop) {
		*config = PERF_COUNT_SW_DUMMY;
		for (int k = 0; k < 64; k++)
			__builtin_ia32_pause();
		*config = PERF_COUNT_SW_PAGE_FAULTS;
		for (int k = 0; k < 64; k++)
			__builtin_ia32_pause();
	}
	return NULL;
}

static int flip(int n)
{
	pthread_t t;

	attr_init(&shared, PERF_COUNT_SW_DUMMY);
	pin(0);
	if (pthread_create(&t, NULL, flipper, NULL))
		phantom_fail("pthread_create");
	for (int i = 0; i < n; i++) {
		long fd = peo(&shared, -1, 0);
		if (fd < 0) {
			errno = (int)-fd;
			phantom_fail("perf_event_open");
		}
		printf("call=%d fd=%ld config=%d\n", i, fd, counted_config((int)fd));
		close((int)fd);
	}
	stop = 1;
	pthread_join(t, NULL);
	return 0;
}

static int phantom(void)
{
	struct perf_event_attr served, after;
	struct phantom p;
	void *at;
	long fd;
	int faults;

	/* 128 bytes (PERF_ATTR_SIZE_VER7): the first 64, type, size and config among them, in page A */
	attr_init(&served, PERF_COUNT_SW_PAGE_FAULTS);
	served.size = PERF_ATTR_SIZE_VER7;
	after = served;
	after.config = PERF_COUNT_SW_DUMMY;
	at = phantom_arm(&p, &served, &after, PERF_ATTR_SIZE_VER7, PERF_ATTR_SIZE_VER7 - 64);
	fd = peo(at, -1, 0);
	faults = phantom_disarm(&p);
	if (fd < 0) {
		errno = (int)-fd;
		phantom_fail("perf_event_open");
	}
	printf("fd=%ld\nfaults=%d\nconfig=%d\n", fd, faults, counted_config((int)fd));
	return 0;
}

/* Events in the group led by fd (read_format PERF_FORMAT_GROUP: nr first). */
static uint64_t group_size(int fd)
{
	uint64_t buf[16] = { 0 };

	if (read(fd, buf, sizeof(buf)) < 8)
		phantom_fail("read group");
	return buf[0];
}

static int group(void)
{
	struct perf_event_attr a;
	long leader, member, nogroup;

	attr_init(&a, PERF_COUNT_SW_DUMMY);
	a.read_format = PERF_FORMAT_GROUP;
	leader = peo(&a, -1, 0);
	member = peo(&a, (int)leader, 0);
	nogroup = peo(&a, (int)leader, PERF_FLAG_FD_NO_GROUP);
	printf("leader=%ld\nmember=%ld\nnogroup=%ld\nsize=%llu\n", leader, member, nogroup,
	       leader >= 0 ? (unsigned long long)group_size((int)leader) : 0ULL);
	return 0;
}

/* swap: the attr's page faults in the kernel's copy; before serving it, B goes onto group_fd. */
struct stall {
	char *page;
	size_t size;
	int uffd, from, to, served;
	const void *image;
	size_t len;
};

static void *stall_handler(void *arg)
{
	struct stall *s = arg;
	struct pollfd pfd = { .fd = s->uffd, .events = POLLIN };
	struct uffd_msg msg;
	char *staging = mmap(NULL, s->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct uffdio_copy copy = { .dst = (unsigned long)s->page, .src = (unsigned long)staging, .len = s->size };

	if (staging == MAP_FAILED || poll(&pfd, 1, 10000) <= 0 || read(s->uffd, &msg, sizeof(msg)) != sizeof(msg))
		return NULL;
	if (dup2(s->from, s->to) < 0)
		phantom_fail("dup2");
	memcpy(staging, s->image, s->len);
	if (ioctl(s->uffd, UFFDIO_COPY, &copy) < 0)
		phantom_fail("UFFDIO_COPY");
	s->served = 1;
	munmap(staging, s->size);
	return NULL;
}

static int swap(void)
{
	struct perf_event_attr a;
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;
	struct stall s = { 0 };
	pthread_t t;
	long la, lb, g, member;

	attr_init(&a, PERF_COUNT_SW_DUMMY);
	a.read_format = PERF_FORMAT_GROUP;
	la = peo(&a, -1, 0);
	lb = peo(&a, -1, 0);
	g = dup((int)la);
	s.size = (size_t)sysconf(_SC_PAGESIZE);
	s.uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	s.page = mmap(NULL, s.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (la < 0 || lb < 0 || g < 0 || s.uffd < 0 || s.page == MAP_FAILED)
		phantom_fail("setup");
	if (ioctl(s.uffd, UFFDIO_API, &api) < 0)
		phantom_fail("UFFDIO_API");
	reg.range.start = (unsigned long)s.page;
	reg.range.len = s.size;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(s.uffd, UFFDIO_REGISTER, &reg) < 0)
		phantom_fail("UFFDIO_REGISTER");
	s.from = (int)lb;
	s.to = (int)g;
	s.image = &a;
	s.len = sizeof(a);
	if (pthread_create(&t, NULL, stall_handler, &s))
		phantom_fail("pthread_create");
	member = peo((struct perf_event_attr *)s.page, (int)g, 0);
	pthread_join(t, NULL);
	printf("leadera=%ld\nleaderb=%ld\ngroupfd=%ld\nmember=%ld\nserved=%d\nsizea=%llu\nsizeb=%llu\n", la, lb, g, member, s.served,
	       (unsigned long long)group_size((int)la), (unsigned long long)group_size((int)lb));
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (argc >= 3 && strcmp(argv[1], "flip") == 0)
		return flip(atoi(argv[2]));
	if (argc >= 2 && strcmp(argv[1], "phantom") == 0)
		return phantom();
	if (argc >= 2 && strcmp(argv[1], "group") == 0)
		return group();
	if (argc >= 2 && strcmp(argv[1], "swap") == 0)
		return swap();
	fprintf(stderr, "usage: perf_race flip N | phantom | group | swap\n");
	return 2;
}
