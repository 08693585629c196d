/*
 * ptrace injection for the signature tests: forks a child that stops
 * itself under PTRACE_TRACEME, then pokes (argv[1] "poke", N times with
 * argv[2]) or peeks ("peek") a word of it, and lets it go. Prints
 * child=PID and the address written.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile long word = 5;

int main(int argc, char **argv)
{
	int poke = argc > 1 && strcmp(argv[1], "poke") == 0;
	int times = argc > 2 ? atoi(argv[2]) : 1;
	pid_t child = fork();

	if (child == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		_exit(word == 7 ? 0 : 1);
	}
	waitpid(child, 0, 0);
	for (int i = 0; i < times; i++) {
		if (poke)
			ptrace(PTRACE_POKEDATA, child, (void *)&word, (void *)7L);
		else
			ptrace(PTRACE_PEEKDATA, child, (void *)&word, 0);
	}
	ptrace(PTRACE_CONT, child, 0, 0);
	waitpid(child, 0, 0);
	printf("child=%d\naddr=%lu\n", child, (unsigned long)&word);
	return 0;
}
