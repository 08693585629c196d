// ptrace techniques for the signature tests; prints what it did as key=value.
//   poke     attach to a forked child, PTRACE_POKEDATA a word into it, peek it back, detach
//   peek     the same with PTRACE_PEEKDATA only (no write)
//   traceme  a forked child asks to be traced by its parent (PTRACE_TRACEME), as anti-debugging code does
//   traceme2 the same child asks twice: the second call fails (EPERM), as it does under a debugger
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile long target_word = 0x1111111111111111L;

static long ret(long r)
{
	return r < 0 ? -errno : r;
}

static pid_t spawn_sleeper(void)
{
	pid_t child = fork();
	if (child == 0) {
		for (;;)
			pause();
	}
	return child;
}

static int attach_and(int poke)
{
	pid_t child = spawn_sleeper();
	int status;
	printf("pid=%d\nchild=%d\naddr=%lu\n", getpid(), child, (unsigned long)&target_word);
	printf("attach=%ld\n", ret(ptrace(PTRACE_ATTACH, child, 0, 0)));
	waitpid(child, &status, 0);
	if (poke) {
		long word = 0x2222222222222222L;
		printf("data=%ld\n", word);
		printf("poke=%ld\n", ret(ptrace(PTRACE_POKEDATA, child, (void *)&target_word, (void *)word)));
	}
	errno = 0;
	long peeked = ptrace(PTRACE_PEEKDATA, child, (void *)&target_word, 0);
	printf("peeked=%ld\npeekerrno=%d\n", peeked, errno);
	printf("detach=%ld\n", ret(ptrace(PTRACE_DETACH, child, 0, 0)));
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	return 0;
}

static int traceme(int times)
{
	int fds[2], status;
	long r[2] = { 0, 0 };
	if (pipe(fds) != 0)
		return 1;
	pid_t child = fork();
	if (child == 0) {
		for (int i = 0; i < times; i++)
			r[i] = ret(ptrace(PTRACE_TRACEME, 0, 0, 0));
		if (write(fds[1], r, sizeof(r)) != sizeof(r))
			_exit(2);
		_exit(0);
	}
	if (read(fds[0], r, sizeof(r)) != sizeof(r))
		return 1;
	waitpid(child, &status, 0);
	printf("pid=%d\nchild=%d\ntraceme=%ld\n", getpid(), child, r[0]);
	if (times > 1)
		printf("traceme2=%ld\n", r[1]);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(mode, "poke") == 0)
		return attach_and(1);
	if (strcmp(mode, "peek") == 0)
		return attach_and(0);
	if (strcmp(mode, "traceme") == 0)
		return traceme(1);
	if (strcmp(mode, "traceme2") == 0)
		return traceme(2);
	fprintf(stderr, "usage: %s poke|peek|traceme|traceme2\n", argv[0]);
	return 2;
}
