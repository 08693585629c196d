// Forks N children (argv[1]), at most K alive at once (argv[2], default 64).
// Each child opens /dev/null twice and _exits; the parent reaps them all.
// Prints the forks made and the elapsed ns, as key=value lines.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int reap_one(void)
{
	int status;

	if (wait(&status) < 0) {
		perror("wait");
		return -1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000;
	long k = argc > 2 ? atol(argv[2]) : 64;
	long alive = 0, failed = 0;
	struct timespec a, b;

	if (n < 0 || k < 1) {
		fprintf(stderr, "usage: fork_storm [forks] [concurrent]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		if (alive >= k) {
			failed += reap_one() != 0;
			alive--;
		}
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			// no close: exit closes them, as most short-lived processes do
			int ok = open("/dev/null", O_RDONLY) >= 0 && open("/dev/null", O_WRONLY) >= 0;
			_exit(ok ? 0 : 1);
		}
		alive++;
	}
	while (alive > 0) {
		failed += reap_one() != 0;
		alive--;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("forks=%ld\nconcurrent=%ld\nfailed=%ld\nelapsed_ns=%.0f\n", n, k, failed, ns);
	return failed ? 1 : 0;
}
