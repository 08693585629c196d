// What an attacker does to a security agent, one call per run, for the
// agent_tampering signature. PID is the agent's host pid (this program runs
// in the host's pid namespace), SIG a signal number.
//   agent_tamper kill PID SIG                kill(PID, SIG); PID may be negative (a process group) or -1
//   agent_tamper killgroup SIG               kill(0, SIG): its own process group; then waits for SIGTERM
//                                            (so that its group can still be read in /proc)
//   agent_tamper tkill TID SIG               tkill
//   agent_tamper tgkill PID TID SIG          tgkill
//   agent_tamper sigqueue PID SIG            rt_sigqueueinfo (si_code SI_QUEUE)
//   agent_tamper tgsigqueue PID TID SIG      rt_tgsigqueueinfo
//   agent_tamper pidfd PID SIG               pidfd_open, pidfd_send_signal
//   agent_tamper stopcont PID                pidfd_open, pidfd_send_signal SIGSTOP then SIGCONT
//   agent_tamper vmread PID                  process_vm_readv of 8 bytes at PID's first mapping
//   agent_tamper memopen PID                 open /proc/PID/mem read-only, close it
//   agent_tamper getfd PID FD                pidfd_open, pidfd_getfd of PID's fd FD
//   agent_tamper seize PID                   ptrace(PTRACE_SEIZE): attaches without stopping; detached at exit
// Prints ret= (the last call's result, -errno on failure) and, where there are two, ret1=, ret2=.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static long sc(long r)
{
	return r < 0 ? -errno : r;
}

static siginfo_t queued(int sig)
{
	siginfo_t info;

	memset(&info, 0, sizeof info);
	info.si_signo = sig;
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	info.si_uid = getuid();
	return info;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc < 3) {
		fprintf(stderr, "usage: see the comment at the top of agent_tamper.c\n");
		return 2;
	}
	const char *what = argv[1];
	long a = strtol(argv[2], NULL, 10);
	long b = argc > 3 ? strtol(argv[3], NULL, 10) : 0;
	long c = argc > 4 ? strtol(argv[4], NULL, 10) : 0;
	long ret;

	if (strcmp(what, "kill") == 0) {
		ret = sc(syscall(SYS_kill, a, b));
	} else if (strcmp(what, "killgroup") == 0) {
		signal(SIGTERM, SIG_DFL);
		printf("ret=%ld\n", sc(syscall(SYS_kill, 0, a)));
		for (;;)
			pause();
	} else if (strcmp(what, "tkill") == 0) {
		ret = sc(syscall(SYS_tkill, a, b));
	} else if (strcmp(what, "tgkill") == 0) {
		ret = sc(syscall(SYS_tgkill, a, b, c));
	} else if (strcmp(what, "sigqueue") == 0) {
		siginfo_t info = queued(b);
		ret = sc(syscall(SYS_rt_sigqueueinfo, a, b, &info));
	} else if (strcmp(what, "tgsigqueue") == 0) {
		siginfo_t info = queued(c);
		ret = sc(syscall(SYS_rt_tgsigqueueinfo, a, b, c, &info));
	} else if (strcmp(what, "pidfd") == 0) {
		long pidfd = sc(syscall(SYS_pidfd_open, a, 0));
		ret = sc(syscall(SYS_pidfd_send_signal, pidfd, b, NULL, 0));
	} else if (strcmp(what, "stopcont") == 0) {
		long pidfd = sc(syscall(SYS_pidfd_open, a, 0));
		printf("ret1=%ld\n", sc(syscall(SYS_pidfd_send_signal, pidfd, SIGSTOP, NULL, 0)));
		ret = sc(syscall(SYS_pidfd_send_signal, pidfd, SIGCONT, NULL, 0));
		printf("ret2=%ld\n", ret);
	} else if (strcmp(what, "vmread") == 0) {
		char path[64], line[256], buf[8];
		unsigned long start = 0;
		snprintf(path, sizeof path, "/proc/%ld/maps", a);
		FILE *maps = fopen(path, "r");
		if (!maps || !fgets(line, sizeof line, maps) || sscanf(line, "%lx-", &start) != 1)
			return 1;
		fclose(maps);
		struct iovec local = { buf, sizeof buf }, remote = { (void *)start, sizeof buf };
		ret = sc(syscall(SYS_process_vm_readv, a, &local, 1, &remote, 1, 0));
	} else if (strcmp(what, "memopen") == 0) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%ld/mem", a);
		ret = sc(open(path, O_RDONLY));
		if (ret >= 0)
			close(ret);
		printf("path=%s\n", path);
	} else if (strcmp(what, "getfd") == 0) {
		long pidfd = sc(syscall(SYS_pidfd_open, a, 0));
		ret = sc(syscall(SYS_pidfd_getfd, pidfd, b, 0));
	} else if (strcmp(what, "seize") == 0) {
		ret = sc(ptrace(PTRACE_SEIZE, a, NULL, NULL));
	} else {
		fprintf(stderr, "agent_tamper: unknown %s\n", what);
		return 2;
	}
	printf("ret=%ld\n", ret);
	return 0;
}
