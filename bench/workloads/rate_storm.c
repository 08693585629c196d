// P3's generator: getppid at a set rate (argv[1] calls/s) for argv[2] calls,
// in bursts of 1000 paced against the clock. Prints the calls made and the
// rate reached (lower than asked when the traced syscall is too slow).
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double rate = argc > 1 ? atof(argv[1]) : 100000;
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	double start = now();

	for (long i = 0; i < n;) {
		for (int j = 0; j < 1000 && i < n; j++, i++)
			syscall(SYS_getppid);
		/* ahead of the schedule: wait for it (busy, to keep the pace exact) */
		while (now() - start < i / rate)
			;
	}
	double took = now() - start;
	printf("calls=%ld\nrate=%.0f\n", n, n / took);
	return 0;
}
