// Races on the names open and execve are given (test/integration/kernel-truth-paths.test.ts).
//
//   swap LINK A B N          a thread flips the symlink LINK between A and B (a new link renamed
//                            over it) while the main thread opens LINK N times; per call
//                            openI=PATH: the real path of the fd (readlink /proc/self/fd/FD)
//   phantom SERVED AFTER     openat(AT_FDCWD) of a name straddling two userfaultfd pages
//                            (phantom.h): the kernel gets SERVED, memory reads AFTER before the
//                            call returns; the names must differ only in the bytes in page A
//                            (the first len & ~7 bytes, len counting the NUL). Prints fd=,
//                            opened= (the fd's real path), memory= (the name as memory reads
//                            now), faults=
//   exec PATH                execve(PATH, {"true"}) (prints pid= first)
//   phantom-exec SERVED AFTER  execve of a phantom name as above (prints pid= first)
#define _GNU_SOURCE
#include "phantom.h"
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static const char *link_path, *target[2];
static atomic_int stop;
static atomic_long flips;

static void *flipper(void *arg)
{
	char tmp[4096];
	int i = 0;

	(void)arg;
	snprintf(tmp, sizeof(tmp), "%s.new", link_path);
	while (!atomic_load(&stop)) {
		unlink(tmp);
		if (symlink(target[i & 1], tmp) || rename(tmp, link_path))
			die("flip");
		i++;
		atomic_store(&flips, i);
	}
	return NULL;
}

static void fd_path(int fd, char *out, size_t size)
{
	char proc[64];
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, out, size - 1);
	if (n < 0)
		die("readlink");
	out[n] = 0;
}

static int swap(const char *link, const char *a, const char *b, int n)
{
	pthread_t t;
	char real[4096];

	link_path = link;
	target[0] = a;
	target[1] = b;
	if (symlink(a, link))
		die("symlink");
	if (pthread_create(&t, NULL, flipper, NULL))
		die("pthread_create");
	for (int i = 0; i < n; i++) {
		int fd;

		/* every 20 opens, let the flipper flip (on a busy machine it may not be scheduled at all otherwise) */
		if (i % 20 == 0) {
			long seen = atomic_load(&flips);
			while (atomic_load(&flips) == seen)
				sched_yield();
		}
		fd = openat(AT_FDCWD, link, O_RDONLY);

		if (fd < 0)
			die("openat");
		fd_path(fd, real, sizeof(real));
		printf("open%d=%s\n", i, real);
		close(fd);
	}
	atomic_store(&stop, 1);
	pthread_join(t, NULL);
	printf("opens=%d\n", n);
	return 0;
}

/* Arms a phantom for SERVED/AFTER: the bytes from page B on must be the same in both. */
static char *arm(struct phantom *p, const char *served, const char *after)
{
	size_t len = strlen(served) + 1, in_a = (len - 1) & ~(size_t)7;

	if (strlen(after) + 1 != len || in_a == 0 || memcmp(served + in_a, after + in_a, len - in_a))
		fprintf(stderr, "phantom names must have one length and differ only in their first %zu bytes\n", in_a), exit(2);
	return phantom_arm(p, served, after, len, len - in_a);
}

static int phantom_open(const char *served, const char *after)
{
	struct phantom p;
	char *name = arm(&p, served, after), real[4096] = "";
	int fd = openat(AT_FDCWD, name, O_RDONLY);

	if (fd >= 0)
		fd_path(fd, real, sizeof(real));
	printf("fd=%d\nopened=%s\nmemory=%s\n", fd, real, name);
	printf("faults=%d\n", phantom_disarm(&p));
	return 0;
}

static int exec(const char *path)
{
	char *argv[] = { "true", NULL };

	printf("pid=%d\n", getpid());
	fflush(stdout);
	execve(path, argv, environ);
	die("execve");
	return 1;
}

static int phantom_exec(const char *served, const char *after)
{
	struct phantom p;
	char *name = arm(&p, served, after);

	return exec(name);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && !strcmp(argv[1], "swap"))
		return swap(argv[2], argv[3], argv[4], atoi(argv[5]));
	if (argc == 4 && !strcmp(argv[1], "phantom"))
		return phantom_open(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "exec"))
		return exec(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "phantom-exec"))
		return phantom_exec(argv[2], argv[3]);
	fprintf(stderr, "usage: open_race swap LINK A B N | phantom SERVED AFTER | exec PATH | phantom-exec SERVED AFTER\n");
	return 2;
}
