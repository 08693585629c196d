// One kind of syscall in a loop, for bench/bpf-cost.ts: the BPF programs'
// time per run is then that syscall's. argv[1]: the kind (below), argv[2]:
// iterations (two calls each). Prints ns per call.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *kind = argc > 1 ? argv[1] : "getppid";
	long n = argc > 2 ? atol(argv[2]) : 100000;
	int null = open("/dev/null", O_WRONLY), fd = open("/etc/hostname", O_RDONLY);
	char buf[64];
	struct stat st;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		if (!strcmp(kind, "openat+close")) {
			int f = openat(AT_FDCWD, "/etc/hostname", O_RDONLY | O_CLOEXEC);
			close(f);
		} else if (!strcmp(kind, "close")) {
			close(-1);
			close(-1);
		} else if (!strcmp(kind, "write")) {
			write(null, "busy\n", 5);
			write(null, "busy\n", 5);
		} else if (!strcmp(kind, "fstat")) { /* glibc: newfstatat(fd, "", AT_EMPTY_PATH) */
			fstat(fd, &st);
			fstat(fd, &st);
		} else if (!strcmp(kind, "stat")) {
			stat("/etc/hostname", &st);
			stat("/etc/hostname", &st);
		} else if (!strcmp(kind, "access")) {
			access("/etc/hostname", R_OK);
			access("/etc/hostname", R_OK);
		} else if (!strcmp(kind, "pread64")) {
			pread(fd, buf, 16, 2);
			pread(fd, buf, 16, 2);
		} else if (!strcmp(kind, "read+lseek")) {
			read(fd, buf, sizeof(buf));
			lseek(fd, 0, SEEK_SET);
		} else {
			syscall(SYS_getppid);
			syscall(SYS_getppid);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("calls=%ld\nns_per_call=%.1f\n", 2 * n, ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / (2.0 * n));
	return 0;
}
