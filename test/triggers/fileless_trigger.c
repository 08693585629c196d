// Runs a program from memory (and a benign twin); prints what it did as key=value.
// Each mode forks a child that execs /bin/true's bytes, waits for it, prints its
// pid and exit status.
//   memfd        memfd_create("fileless"), write /bin/true into it, fexecve (execveat AT_EMPTY_PATH)
//   memfd-proc   the same memfd, exec'd by the path /proc/self/fd/N
//   shm          copy /bin/true to /dev/shm/fileless_true.PID, exec it (by /run/shm/... when that exists)
//   normal       copy /bin/true to /tmp/fileless_true.PID, exec it
//   shm-script   write a shell script to /dev/shm/fileless_script.PID, exec it (the kernel runs /bin/sh)
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int copy_true(int out)
{
	char buf[65536];
	ssize_t n;
	int in = open("/bin/true", O_RDONLY);
	if (in < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			return -1;
	close(in);
	return 0;
}

/* Forks; the child runs exec_it(arg); the parent waits and prints the child's pid and status. */
static int run_child(void (*exec_it)(const char *), const char *arg)
{
	int status;
	pid_t child = fork();
	if (child == 0) {
		exec_it(arg);
		_exit(127);
	}
	waitpid(child, &status, 0);
	printf("child=%d\nstatus=%d\n", child, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

static int memfd_fd = -1;

static void exec_fd(const char *unused)
{
	char *argv[] = { "fileless", NULL };
	(void)unused;
	fexecve(memfd_fd, argv, environ);
}

static void exec_path(const char *path)
{
	char *argv[] = { "fileless", NULL };
	execve(path, argv, environ);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	char path[128];
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pid=%d\n", getpid());
	if (strcmp(mode, "memfd") == 0 || strcmp(mode, "memfd-proc") == 0) {
		memfd_fd = memfd_create("fileless", 0);
		if (memfd_fd < 0 || copy_true(memfd_fd) != 0)
			return 1;
		printf("fd=%d\n", memfd_fd);
		if (strcmp(mode, "memfd") == 0)
			return run_child(exec_fd, NULL);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd_fd);
		printf("path=%s\n", path);
		return run_child(exec_path, path);
	}
	if (strcmp(mode, "shm") == 0 || strcmp(mode, "normal") == 0) {
		int shm = strcmp(mode, "shm") == 0;
		snprintf(path, sizeof(path), "%s/fileless_true.%d", shm ? "/dev/shm" : "/tmp", getpid());
		int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
		if (out < 0 || copy_true(out) != 0 || close(out) != 0)
			return 1;
		printf("file=%s\n", path);
		struct stat st;
		char run_path[128];
		if (shm && lstat("/run/shm", &st) == 0) {
			snprintf(run_path, sizeof(run_path), "/run/shm/fileless_true.%d", getpid());
			printf("path=%s\n", run_path);
		} else {
			snprintf(run_path, sizeof(run_path), "%s", path);
			printf("path=%s\n", run_path);
		}
		run_child(exec_path, run_path);
		unlink(path);
		return 0;
	}
	if (strcmp(mode, "shm-script") == 0) {
		static const char script[] = "#!/bin/sh\nexit 0\n";
		snprintf(path, sizeof(path), "/dev/shm/fileless_script.%d", getpid());
		int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
		if (out < 0 || write(out, script, sizeof(script) - 1) != sizeof(script) - 1 || close(out) != 0)
			return 1;
		printf("path=%s\n", path);
		run_child(exec_path, path);
		unlink(path);
		return 0;
	}
	fprintf(stderr, "usage: %s memfd|memfd-proc|shm|normal|shm-script\n", argv[0]);
	return 2;
}
