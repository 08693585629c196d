/*
 * Scope test trigger: runs a list of steps, in order, making getpriority
 * calls a test can count exactly and tell apart by their `who` argument.
 *
 *   call:MARK:N   N times getpriority(PRIO_PROCESS, MARK); MARK is above
 *                 PID_MAX_LIMIT, so every call fails with ESRCH, harmlessly
 *   wait:FD       print "waiting" and block until one byte can be read from
 *                 FD (end of file: exit 3 without going on)
 *   thread:MARK:N start a thread that prints "tid=TID", then waits to be
 *                 released and makes N calls with MARK
 *   release       release the thread and join it
 *   join:FILE     write the process's pid into FILE (a cgroup.procs)
 *   name:NAME     rename the thread (prctl PR_SET_NAME): its comm is NAME
 *   exec PROG ARG...  (last) fork; the child execs PROG with ARGs; wait for it
 *
 * Prints "pid=PID" first. Exits 0 when every call failed with ESRCH, 1 when
 * one did not, the child's failure as its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int bad;

static void calls(long mark, long n)
{
	for (long i = 0; i < n; i++) {
		errno = 0;
		long r = syscall(SYS_getpriority, PRIO_PROCESS, mark);
		if (r != -1 || errno != ESRCH)
			bad++;
	}
}

static void say(const char *fmt, long v)
{
	printf(fmt, v);
	fflush(stdout);
}

struct worker {
	long mark, n;
	int go[2];
	int tid_pipe[2];
	pthread_t thread;
};

static void *worker_main(void *p)
{
	struct worker *w = p;
	long tid = syscall(SYS_gettid);
	char c;

	if (write(w->tid_pipe[1], &tid, sizeof(tid)) != sizeof(tid))
		exit(5);
	if (read(w->go[0], &c, 1) != 1)
		exit(5);
	calls(w->mark, w->n);
	return NULL;
}

int main(int argc, char **argv)
{
	struct worker w = { 0 };
	int have_thread = 0;

	say("pid=%ld\n", (long)getpid());
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		long x, y;
		if (sscanf(a, "call:%ld:%ld", &x, &y) == 2) {
			calls(x, y);
		} else if (sscanf(a, "wait:%ld", &x) == 1) {
			char c;
			printf("waiting\n");
			fflush(stdout);
			if (read((int)x, &c, 1) != 1)
				return 3;
		} else if (sscanf(a, "thread:%ld:%ld", &x, &y) == 2) {
			long tid;
			w.mark = x;
			w.n = y;
			if (pipe(w.go) || pipe(w.tid_pipe) || pthread_create(&w.thread, NULL, worker_main, &w))
				return 4;
			if (read(w.tid_pipe[0], &tid, sizeof(tid)) != sizeof(tid))
				return 4;
			say("tid=%ld\n", tid);
			have_thread = 1;
		} else if (strcmp(a, "release") == 0) {
			if (!have_thread || write(w.go[1], "x", 1) != 1 || pthread_join(w.thread, NULL))
				return 4;
			have_thread = 0;
		} else if (strncmp(a, "name:", 5) == 0) {
			if (prctl(PR_SET_NAME, a + 5, 0, 0, 0))
				return 4;
		} else if (strncmp(a, "join:", 5) == 0) {
			char buf[32];
			int fd = open(a + 5, O_WRONLY);
			int len = snprintf(buf, sizeof(buf), "%d\n", getpid());
			if (fd < 0 || write(fd, buf, len) != len)
				return 6;
			close(fd);
		} else if (strcmp(a, "exec") == 0 && i + 1 < argc) {
			int status;
			pid_t child = fork();
			if (child < 0)
				return 7;
			if (child == 0) {
				execv(argv[i + 1], &argv[i + 1]);
				_exit(127);
			}
			if (waitpid(child, &status, 0) != child)
				return 7;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
			break;
		} else {
			fprintf(stderr, "scope_trigger: bad step \"%s\"\n", a);
			return 2;
		}
	}
	return bad ? 1 : 0;
}
