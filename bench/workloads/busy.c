// A busy process for P2 and the replay: N rounds (argv[1]) of eight syscalls
// with every kind of argument a tracer decodes (a path, fds, a buffer, a
// struct, flags, offsets). Prints the syscalls made and ns per syscall.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 100000;
	int null = open("/dev/null", O_WRONLY);
	char buf[64];
	struct stat st;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < rounds; i++) {
		int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY | O_CLOEXEC);
		fstat(fd, &st);
		read(fd, buf, sizeof(buf));
		lseek(fd, 0, SEEK_SET);
		pread(fd, buf, 16, 2);
		close(fd);
		write(null, "busy\n", 5);
		syscall(SYS_getppid);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("syscalls=%ld\nns_per_call=%.1f\n", rounds * 8, ns / (rounds * 8));
	return 0;
}
