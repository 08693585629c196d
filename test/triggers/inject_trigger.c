// Writes into another process's memory (and benign twins); prints what it did as key=value.
//   vmwrite            process_vm_writev into a forked child's copy of a global
//   vmwrite-self       process_vm_writev into its own memory, by its pid
//   vmwrite-thread     the same by the tid of its second thread (still its own memory), then
//                      stays 1 s so that the thread is there when the tracer resolves its tid
//   procmem SYS ACC    opens /proc/CHILD/mem of a forked child with SYS (open, openat,
//                      openat2, creat) and ACC (rw, wo, ro; path: O_PATH|O_RDWR), writes (or
//                      reads) the global through it, keeps it open HOLD ms (argv[4], default 0),
//                      closes it
//   procmem-rel        openat(dirfd of /proc, "CHILD/mem", O_RDWR): a relative path
//   procmem-spelled F  open(O_RDWR) of the path printf(F, CHILD): //proc/%d/mem, /./proc/%d/mem...
//   procmem-link       open(O_RDWR) of a symlink to /proc/CHILD/mem (the passed path is not /proc)
//   procmem-self       open("/proc/self/mem", O_RDWR) and write its own global
//   procmem-gone       open("/proc/CHILD/mem", O_RDWR) of a child already reaped: ENOENT
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile long target_word = 0x1111111111111111L;

static long ret(long r)
{
	return r < 0 ? -errno : r;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
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

static void reap(pid_t child)
{
	int status;
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
}

static long vm_write(pid_t pid)
{
	long word = 0x2222222222222222L;
	struct iovec local = { &word, sizeof(word) };
	struct iovec remote = { (void *)&target_word, sizeof(word) };
	printf("local=%lu\nremote=%lu\n", (unsigned long)&local, (unsigned long)&remote);
	return ret(process_vm_writev(pid, &local, 1, &remote, 1, 0));
}

static volatile pid_t second_tid;
static void *second_thread(void *arg)
{
	(void)arg;
	second_tid = gettid();
	for (;;)
		pause();
	return NULL;
}

static long open_mem(const char *sys, const char *path, int flags)
{
	if (strcmp(sys, "open") == 0)
		return ret(syscall(SYS_open, path, flags, 0));
	if (strcmp(sys, "openat") == 0)
		return ret(syscall(SYS_openat, AT_FDCWD, path, flags, 0));
	if (strcmp(sys, "creat") == 0)
		return ret(syscall(SYS_creat, path, 0600));
	if (strcmp(sys, "openat2") == 0) {
		struct open_how how;
		memset(&how, 0, sizeof(how));
		how.flags = flags;
		return ret(syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how)));
	}
	return -EINVAL;
}

/* Writes (or reads) target_word through fd; prints the outcome. */
static void use_mem(long fd, int writing)
{
	long word = 0x3333333333333333L;
	long r = writing ? pwrite(fd, &word, sizeof(word), (off_t)(unsigned long)&target_word)
			 : pread(fd, &word, sizeof(word), (off_t)(unsigned long)&target_word);
	printf("%s=%ld\n", writing ? "wrote" : "read", ret(r));
}

static int procmem(const char *sys, const char *acc, long hold_ms)
{
	int flags = strcmp(acc, "rw") == 0 ? O_RDWR : strcmp(acc, "wo") == 0 ? O_WRONLY : strcmp(acc, "path") == 0 ? O_PATH | O_RDWR : O_RDONLY;
	pid_t child = spawn_sleeper();
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", child);
	printf("path=%s\nflags=%d\n", path, flags);
	long fd = open_mem(sys, path, flags);
	printf("fd=%ld\n", fd);
	if (fd >= 0) {
		use_mem(fd, strcmp(sys, "creat") == 0 || (flags & O_ACCMODE) != O_RDONLY);
		sleep_ms(hold_ms);
		close(fd);
	}
	reap(child);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pid=%d\naddr=%lu\n", getpid(), (unsigned long)&target_word);
	if (strcmp(mode, "vmwrite") == 0) {
		pid_t child = spawn_sleeper();
		printf("child=%d\n", child);
		printf("vmwrite=%ld\n", vm_write(child));
		long word = 0;
		struct iovec local = { &word, sizeof(word) };
		struct iovec remote = { (void *)&target_word, sizeof(word) };
		long got = ret(process_vm_readv(child, &local, 1, &remote, 1, 0));
		printf("childread=%ld\nchildword=%ld\n", got, word);
		reap(child);
		return 0;
	}
	if (strcmp(mode, "vmwrite-self") == 0) {
		printf("vmwrite=%ld\n", vm_write(getpid()));
		printf("word=%ld\n", target_word);
		return 0;
	}
	if (strcmp(mode, "vmwrite-thread") == 0) {
		pthread_t t;
		pthread_create(&t, NULL, second_thread, NULL);
		while (second_tid == 0)
			sleep_ms(1);
		printf("tid=%d\n", second_tid);
		printf("vmwrite=%ld\n", vm_write(second_tid));
		printf("word=%ld\n", target_word);
		sleep_ms(1000); /* the thread is still there when the tracer resolves its tid */
		return 0;
	}
	if (strcmp(mode, "procmem") == 0 && argc > 3)
		return procmem(argv[2], argv[3], argc > 4 ? atol(argv[4]) : 0);
	if (strcmp(mode, "procmem-rel") == 0) {
		pid_t child = spawn_sleeper();
		char rel[32];
		snprintf(rel, sizeof(rel), "%d/mem", child);
		int dir = open("/proc", O_RDONLY | O_DIRECTORY);
		printf("child=%d\nrel=%s\n", child, rel);
		long fd = ret(openat(dir, rel, O_RDWR));
		printf("fd=%ld\n", fd);
		if (fd >= 0) {
			use_mem(fd, 1);
			close(fd);
		}
		reap(child);
		return 0;
	}
	if (strcmp(mode, "procmem-spelled") == 0 && argc > 2) {
		pid_t child = spawn_sleeper();
		char path[64];
		snprintf(path, sizeof(path), argv[2], child);
		printf("child=%d\nspelled=%s\n", child, path);
		long fd = ret(open(path, O_RDWR));
		printf("fd=%ld\n", fd);
		if (fd >= 0) {
			use_mem(fd, 1);
			close(fd);
		}
		reap(child);
		return 0;
	}
	if (strcmp(mode, "procmem-link") == 0) {
		pid_t child = spawn_sleeper();
		char target[64], link[64];
		snprintf(target, sizeof(target), "/proc/%d/mem", child);
		snprintf(link, sizeof(link), "/tmp/inject_trigger.%d", getpid());
		if (symlink(target, link) != 0)
			return 1;
		printf("child=%d\nlink=%s\n", child, link);
		long fd = ret(open(link, O_RDWR));
		printf("fd=%ld\n", fd);
		if (fd >= 0) {
			use_mem(fd, 1);
			close(fd);
		}
		unlink(link);
		reap(child);
		return 0;
	}
	if (strcmp(mode, "procmem-self") == 0) {
		long fd = ret(open("/proc/self/mem", O_RDWR));
		printf("fd=%ld\n", fd);
		if (fd >= 0) {
			use_mem(fd, 1);
			close(fd);
		}
		return 0;
	}
	if (strcmp(mode, "procmem-gone") == 0) {
		pid_t child = spawn_sleeper();
		reap(child);
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/mem", child);
		printf("path=%s\nfd=%ld\n", path, ret(open(path, O_RDWR)));
		return 0;
	}
	fprintf(stderr, "usage: %s vmwrite|vmwrite-self|vmwrite-thread|procmem SYS ACC [HOLD_MS]|procmem-rel|procmem-spelled FMT|procmem-link|procmem-self|procmem-gone\n", argv[0]);
	return 2;
}
