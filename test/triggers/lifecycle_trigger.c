// Process lifecycle: a thread, a child that execs a #! script (which runs
// /bin/true and exits 7), a child killed by SIGKILL. Prints the ids and the
// start times (clock ticks, /proc/PID/stat field 22) the test needs.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Field 22 of /proc/self/task/TID/stat: start time in clock ticks since boot. */
static unsigned long long start_ticks(pid_t tid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	FILE *f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f))
		exit(2);
	fclose(f);
	char *p = strrchr(buf, ')') + 2; /* field 3 */
	unsigned long long v = 0;
	for (int field = 3; field <= 22; field++) {
		v = strtoull(p, &p, 10);
		if (field == 3) { /* state is a letter */
			p = strchr(p + 1, ' ');
			v = 0;
		}
	}
	return v;
}

static int thread_ready[2], thread_go[2];

static void *thread_main(void *unused)
{
	pid_t tid = gettid();
	char x;
	printf("tid=%d\ntidstart=%llu\n", tid, start_ticks(tid));
	if (write(thread_ready[1], "x", 1) != 1 || read(thread_go[0], &x, 1) != 1)
		exit(3);
	getppid(); /* a syscall event of the thread */
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: lifecycle_trigger SCRIPT\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("pid=%d\nstart=%llu\n", getpid(), start_ticks(getpid()));
	getppid(); /* a syscall event of the main thread */

	pthread_t t;
	char x;
	if (pipe(thread_ready) || pipe(thread_go) || pthread_create(&t, NULL, thread_main, NULL))
		return 1;
	if (read(thread_ready[0], &x, 1) != 1 || write(thread_go[1], "x", 1) != 1)
		return 1;
	pthread_join(t, NULL);

	int ready[2];
	if (pipe(ready))
		return 1;
	pid_t script = fork();
	if (script == 0) {
		printf("scriptstart=%llu\n", start_ticks(getpid()));
		char *args[] = { argv[1], "alpha", "two words", "", NULL };
		execv(argv[1], args);
		_exit(127);
	}
	printf("script=%d\n", script);
	int status = 0;
	waitpid(script, &status, 0);
	printf("scriptexit=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

	pid_t victim = fork();
	if (victim == 0) {
		close(ready[0]);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (read(ready[0], &x, 1) != 1)
		return 1;
	printf("victim=%d\n", victim);
	kill(victim, SIGKILL);
	waitpid(victim, &status, 0);
	printf("victimsignal=%d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return 0;
}
