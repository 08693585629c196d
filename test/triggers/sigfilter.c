// Calls for the signature prefilter tests (test/integration/security-path.test.ts); prints key=value.
//   ptrace PEEKS POKES          attach to a forked child, PTRACE_PEEKDATA x PEEKS, PTRACE_POKEDATA x POKES
//   inject N GAP_US             attach, then N PTRACE_POKEDATA, GAP_US apart (during a storm)
//   open                        openat /tmp/sysray-sigfilter-absent x3, /proc/self/mem x2, a relative path x1
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile long target_word = 0x1111111111111111L;

static pid_t attach_child(void)
{
	int status;
	pid_t child = fork();

	if (child == 0) {
		for (;;)
			pause();
	}
	if (ptrace(PTRACE_ATTACH, child, 0, 0) != 0)
		return -1;
	waitpid(child, &status, 0);
	return child;
}

static void end_child(pid_t child)
{
	int status;

	ptrace(PTRACE_DETACH, child, 0, 0);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
}

static int pokes(long peeks, long n, long gap_us)
{
	pid_t child = attach_child();
	long ok = 0;

	if (child < 0)
		return 1;
	for (long i = 0; i < peeks; i++)
		ptrace(PTRACE_PEEKDATA, child, (void *)&target_word, 0);
	for (long i = 0; i < n; i++) {
		if (ptrace(PTRACE_POKEDATA, child, (void *)&target_word, (void *)(0x2222L + i)) == 0)
			ok++;
		if (gap_us)
			usleep(gap_us);
	}
	end_child(child);
	printf("pid=%d\nchild=%d\npeeks=%ld\npokes=%ld\npokes_ok=%ld\n", getpid(), child, peeks, n, ok);
	return 0;
}

static int opens(void)
{
	long absent = 0, mem = 0, rel = 0;

	for (int i = 0; i < 3; i++, absent++)
		syscall(SYS_openat, AT_FDCWD, "/tmp/sysray-sigfilter-absent", O_RDONLY);
	for (int i = 0; i < 2; i++, mem++) {
		long fd = syscall(SYS_openat, AT_FDCWD, "/proc/self/mem", O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
	syscall(SYS_openat, AT_FDCWD, "sysray-sigfilter-relative", O_RDONLY);
	rel++;
	printf("pid=%d\nabsent=%ld\nmem=%ld\nrelative=%ld\n", getpid(), absent, mem, rel);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(mode, "ptrace") == 0 && argc == 4)
		return pokes(atol(argv[2]), atol(argv[3]), 0);
	if (strcmp(mode, "inject") == 0 && argc == 4)
		return pokes(0, atol(argv[2]), atol(argv[3]));
	if (strcmp(mode, "open") == 0)
		return opens();
	fprintf(stderr, "usage: %s ptrace PEEKS POKES | inject N GAP_US | open\n", argv[0]);
	return 2;
}
