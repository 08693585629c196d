// Syscalls with known arguments for the event-filter tests (test/integration/filters.test.ts).
//
//   filter_trigger DIR PORT_OPEN PORT_CLOSED   everything below, in this order
//   filter_trigger ids                         only the id calls (first block)
//
// It first reads one byte from stdin (EOF from /dev/null returns at once), so a
// test can start it, learn its pid, and release it once the tracer is ready.
// Every syscall is made with syscall(2), so each one below is exactly one call
// of that syscall; the counts are in the test's CALLS table. The dynamic loader
// adds access, openat, close, mmap... (none of the fd or path calls of block 2-4).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

static long sc(long r)
{
	return r < 0 ? -errno : r;
}

static const int FDS[] = { 7, 60, 500, 1000, 4000 };
static const char *NAMES[] = { "alpha.txt", "beta.log", "gamma.txt", "alphabet.log", "beta.log.bak" };
#define N 5

static long peo(uint32_t type, uint64_t config, int exclude_kernel, unsigned long flags)
{
	struct perf_event_attr a;
	memset(&a, 0, sizeof(a));
	a.type = type;
	a.size = sizeof(a);
	a.config = config;
	a.disabled = 1;
	a.exclude_kernel = exclude_kernel;
	a.exclude_hv = 1;
	return sc(syscall(SYS_perf_event_open, &a, 0, -1, -1, flags));
}

static void on_usr1(int sig)
{
	(void)sig;
}

static long connect_to(int s, const void *addr, socklen_t len)
{
	return sc(syscall(SYS_connect, s, addr, len));
}

int main(int argc, char **argv)
{
	char c;
	char path[N][4096];
	struct statfs sfs;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (read(0, &c, 1) < 0)
		return 1;

	/* block 1: ids — getppid x3, getuid, geteuid, getpid */
	for (int i = 0; i < 3; i++)
		syscall(SYS_getppid);
	syscall(SYS_getuid);
	syscall(SYS_geteuid);
	syscall(SYS_getpid);
	if (argc == 2 && strcmp(argv[1], "ids") == 0)
		return 0;
	if (argc != 4)
		return 2;
	const char *dir = argv[1];
	int port_open = atoi(argv[2]), port_closed = atoi(argv[3]);
	for (int i = 0; i < N; i++)
		snprintf(path[i], sizeof(path[i]), "%s/%s", dir, NAMES[i]);

	/* block 2: fd calls on fds that are not open (EBADF), 5 each */
	for (int i = 0; i < N; i++) {
		syscall(SYS_fstatfs, FDS[i], &sfs);
		syscall(SYS_dup, FDS[i]);
		syscall(SYS_fsync, FDS[i]);
		syscall(SYS_fdatasync, FDS[i]);
		syscall(SYS_fchdir, FDS[i]);
		syscall(SYS_syncfs, FDS[i]);
		syscall(SYS_dup2, FDS[i], 20);
		syscall(SYS_flock, FDS[i], LOCK_SH);
		syscall(SYS_close, FDS[i]);
	}
	/* 64-bit values: 2^53+1 and 2^53 differ only beyond a double's precision */
	syscall(SYS_ftruncate, 500, 9007199254740993LL);
	syscall(SYS_ftruncate, 500, 9007199254740992LL);
	syscall(SYS_fchmod, 500, 0644);
	syscall(SYS_fchmod, 500, 0755);
	syscall(SYS_fchmod, 500, 644); /* decimal 644 = 01204 */
	syscall(SYS_lseek, 500, -1L, SEEK_END);
	syscall(SYS_lseek, 500, 0L, SEEK_SET);
	syscall(SYS_lseek, 500, 10L, SEEK_CUR);

	/* block 3: openat and open */
	int fds[8];
	int n = 0;
	fds[n++] = sc(syscall(SYS_openat, AT_FDCWD, path[0], O_WRONLY | O_CREAT | O_TRUNC, 0600));
	fds[n++] = sc(syscall(SYS_openat, AT_FDCWD, path[1], O_WRONLY | O_CREAT, 0644));
	fds[n++] = sc(syscall(SYS_openat, AT_FDCWD, path[2], O_RDWR | O_CREAT | O_EXCL, 0600));
	printf("openat_missing=%ld\n", sc(syscall(SYS_openat, AT_FDCWD, path[3], O_RDONLY, 0)));
	printf("openat_dir=%ld\n", sc(syscall(SYS_openat, AT_FDCWD, dir, O_WRONLY, 0)));
	fds[n++] = sc(syscall(SYS_openat, AT_FDCWD, path[0], O_RDONLY | O_CLOEXEC, 0));
	fds[n++] = sc(syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY | O_CREAT, 0644));
	fds[n++] = sc(syscall(SYS_open, path[0], O_WRONLY | O_CREAT | O_TRUNC, 0600));
	fds[n++] = sc(syscall(SYS_open, path[1], O_WRONLY | O_CREAT, 0644));
	fds[n++] = sc(syscall(SYS_open, path[2], O_RDONLY, 0));
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			syscall(SYS_close, fds[i]);

	/* block 4: path calls, 5 each; alpha, beta, gamma exist as files */
	for (int i = 0; i < N; i++)
		syscall(SYS_chmod, path[i], 0600);
	for (int i = 0; i < N; i++)
		syscall(SYS_truncate, path[i], 0L);
	for (int i = 0; i < N; i++)
		syscall(SYS_chdir, path[i]); /* never a directory: ENOTDIR or ENOENT */
	for (int i = 0; i < N; i++) {
		char buf[64];
		syscall(SYS_readlink, path[i], buf, sizeof(buf));
	}
	for (int i = 0; i < N; i++)
		syscall(SYS_mkdir, path[i], 0755); /* files: EEXIST; the other two are made */
	for (int i = 0; i < N; i++)
		syscall(SYS_rmdir, path[i]); /* files: ENOTDIR; the two directories go */
	for (int i = 0; i < N; i++)
		syscall(SYS_unlink, path[i]); /* files go; the rest: ENOENT */

	/* block 5: perf_event_open a..h: (type, config, exclude_kernel, flags) */
	printf("perf_a=%ld\n", peo(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, 1, PERF_FLAG_FD_CLOEXEC));
	printf("perf_b=%ld\n", peo(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, 0, PERF_FLAG_FD_CLOEXEC));
	printf("perf_c=%ld\n", peo(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, 1, 0));
	printf("perf_d=%ld\n", peo(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, 0, PERF_FLAG_FD_CLOEXEC));
	printf("perf_e=%ld\n", peo(PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, 1, 0));
	printf("perf_f=%ld\n", peo(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, 0, 0));
	printf("perf_g=%ld\n", peo(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, 0, PERF_FLAG_FD_CLOEXEC));
	/* h: no attr at all (NULL): its fields have no value */
	printf("perf_h=%ld\n", sc(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0)));

	/* block 6: sockets s1..s5 and six connects */
	struct sockaddr_in v4 = { .sin_family = AF_INET };
	v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	snprintf(un.sun_path, sizeof(un.sun_path), "%s/nosock", dir);
	int s1 = sc(syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
	int s2 = sc(syscall(SYS_socket, AF_INET, SOCK_STREAM, 0));
	int s3 = sc(syscall(SYS_socket, AF_INET6, SOCK_STREAM, 0));
	int s4 = sc(syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0));
	int s5 = sc(syscall(SYS_socket, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	v4.sin_port = htons(port_open);
	printf("connect1=%ld\n", connect_to(s1, &v4, sizeof(v4)));
	v4.sin_port = htons(port_closed);
	printf("connect2=%ld\n", connect_to(s2, &v4, sizeof(v4)));
	v6.sin6_port = htons(port_open);
	printf("connect3=%ld\n", connect_to(s3, &v6, sizeof(v6)));
	printf("connect4=%ld\n", connect_to(s4, &un, sizeof(un)));
	printf("connect5=%ld\n", connect_to(s5, &v4, sizeof(v4)));
	/* 6: no address (NULL): its fields have no value */
	printf("connect6=%ld\n", connect_to(s2, NULL, 0));

	/* block 7: signals to a child: kill 0, SIGUSR1; pidfd_send_signal SIGUSR1, SIGKILL; kill SIGKILL (a zombie: harmless) */
	int ready[2];
	if (pipe(ready))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_usr1;
		sigaction(SIGUSR1, &sa, NULL);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	if (read(ready[0], &c, 1) != 1)
		return 1;
	printf("child=%d\n", child);
	syscall(SYS_kill, child, 0);
	syscall(SYS_kill, child, SIGUSR1);
	int pfd = syscall(SYS_pidfd_open, child, 0);
	syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0);
	syscall(SYS_pidfd_send_signal, pfd, SIGKILL, NULL, 0);
	syscall(SYS_kill, child, SIGKILL);
	waitpid(child, NULL, 0);

	/* block 8: umask with every bit set (mode_t -1), then back */
	long old = syscall(SYS_umask, 0xffffffffu);
	syscall(SYS_umask, (unsigned)old);
	return 0;
}
