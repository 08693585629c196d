// For the policy tests (test/integration/policies.test.ts), copied under many
// names (each copy's comm is its file name):
//
//   filter_policy N [PATH...]   getppid N times, getpid, getuid, then openat
//                               of each PATH (closed again when it opened)
//
// It first reads one byte from stdin (EOF from /dev/null returns at once), so a
// test can start it, learn its pid, and release it once the tracer is ready.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char c;

	if (read(0, &c, 1) < 0 || argc < 2)
		return 1;
	int n = atoi(argv[1]);
	for (int i = 0; i < n; i++)
		syscall(SYS_getppid);
	syscall(SYS_getpid);
	syscall(SYS_getuid);
	for (int i = 2; i < argc; i++) {
		long fd = syscall(SYS_openat, AT_FDCWD, argv[i], O_RDONLY, 0);
		if (fd >= 0)
			syscall(SYS_close, fd);
	}
	return 0;
}
