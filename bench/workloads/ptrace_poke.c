// S1c's suspicious action: PTRACE_POKEDATA into a stopped child, N times
// (argv[1]), one every argv[2] ms; ptrace_code_injection reports each call.
// Poke i writes the word i + 1, so a finding is matched to its call by
// detectedFrom's data. Prints as key=value: the pokes made and failed,
// CLOCK_REALTIME right after each call returned (comma-separated, in order),
// and realtime minus monotonic, so that a reader stamping with the monotonic
// clock (Node's hrtime) can put its stamps on the realtime axis.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile long target_word;

static long long ns(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* realtime − monotonic, from the tightest of a few monotonic pairs around a realtime read */
static long long realtime_minus_monotonic(void)
{
	long long best_gap = -1, offset = 0;
	for (int i = 0; i < 16; i++) {
		long long a = ns(CLOCK_MONOTONIC), r = ns(CLOCK_REALTIME), b = ns(CLOCK_MONOTONIC);
		if (best_gap < 0 || b - a < best_gap) {
			best_gap = b - a;
			offset = r - (a + (b - a) / 2);
		}
	}
	return offset;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200;
	long every_ms = argc > 2 ? atol(argv[2]) : 10;
	long long *returned = calloc(n > 0 ? n : 1, sizeof(*returned));
	struct timespec gap = { every_ms / 1000, (every_ms % 1000) * 1000000L };
	int status;
	long failed = 0;

	pid_t child = fork();
	if (child == 0) {
		for (;;)
			pause();
	}
	if (ptrace(PTRACE_ATTACH, child, 0, 0) != 0) {
		perror("ptrace_poke: PTRACE_ATTACH");
		kill(child, SIGKILL);
		return 1;
	}
	waitpid(child, &status, 0);
	for (long i = 0; i < n; i++) {
		nanosleep(&gap, NULL);
		if (ptrace(PTRACE_POKEDATA, child, (void *)&target_word, (void *)(i + 1)) != 0)
			failed++;
		returned[i] = ns(CLOCK_REALTIME);
	}
	ptrace(PTRACE_DETACH, child, 0, 0);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);

	printf("pokes=%ld\nfailed=%ld\nrealtime_minus_monotonic_ns=%lld\nreturned_ns=", n, failed, realtime_minus_monotonic());
	for (long i = 0; i < n; i++)
		printf("%s%lld", i ? "," : "", returned[i]);
	printf("\n");
	return 0;
}
