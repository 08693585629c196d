// Calls getppid N times (argv[1]), resting 1 ms after every 500 calls so
// that a test can act (reload policies) while it runs; prints the count.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;

	for (long i = 0; i < n; i++) {
		syscall(SYS_getppid);
		if (i % 500 == 499)
			usleep(1000);
	}
	printf("calls=%ld\n", n);
	return 0;
}
