// Every shape of argument a JSON line can hold, for record-json.test.ts: the
// lines written from records must be the printer's, byte for byte. Strings
// plain, with quotes, backslashes, control bytes, UTF-8 and invalid UTF-8;
// NULL and unmapped pointers; a path past the 4096-byte limit; entries
// captured at entry and at exit; another thread; a child process; a comm
// change; a failed call. argv[1]: rounds. argv[2] "parallel": then threads
// whose records interleave in the ring (plain opens on each CPU, and one
// thread blocked meanwhile in opening a FIFO), so entries wait for their
// events.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void shapes(void)
{
	static char longpath[5000];
	char buf[64];
	struct stat st;
	struct timespec ts = {0, 1000};
	int p[2];
	const char *names[] = {"/etc/hostname", "/tmp/no \"such\" file", "/tmp/back\\slash", "/tmp/ctl\x01\x1f",
			       "/tmp/\xc3\xa9t\xc3\xa9", "/tmp/bad\xff\xfe", "relative/path", ""};
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int fd = openat(AT_FDCWD, names[i], O_RDONLY);
		if (fd >= 0) close(fd);
		syscall(SYS_access, names[i], F_OK);
		syscall(SYS_newfstatat, AT_FDCWD, names[i], &st, 0);
		syscall(SYS_readlink, names[i], buf, sizeof(buf));
	}
	syscall(SYS_access, NULL, F_OK);            /* NULL */
	syscall(SYS_access, (char *)8, F_OK);       /* unmapped */
	syscall(SYS_access, longpath, F_OK);        /* truncated */
	syscall(SYS_chdir, "/tmp");
	syscall(SYS_mkdir, "/tmp/json-shapes-dir", 0755);
	syscall(SYS_rmdir, "/tmp/json-shapes-dir");
	syscall(SYS_pipe2, p, O_CLOEXEC);
	write(p[1], "x", 1);
	read(p[0], buf, 1);
	close(p[0]);
	close(p[1]);
	nanosleep(&ts, NULL);
	read(-1, buf, 1);                           /* EBADF */
	lseek(0, 0, SEEK_CUR);
	kill(getpid(), 0);
	syscall(SYS_getppid);
	syscall(SYS_uname, NULL);                   /* EFAULT */
}

static void *thread_main(void *arg)
{
	shapes();
	return arg;
}

static char fifo[64];

static void *blocked_main(void *arg)
{
	int fd = openat(AT_FDCWD, fifo, O_RDONLY); /* its entry waits until the others are done */
	if (fd >= 0) close(fd);
	return arg;
}

static void *opener_main(void *arg)
{
	char buf[64];
	for (int i = 0; i < 2000; i++) {
		int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY);
		read(fd, buf, sizeof(buf));
		close(fd);
		syscall(SYS_access, "/etc/passwd", R_OK);
	}
	return arg;
}

static void parallel(void)
{
	pthread_t b, t[4];
	snprintf(fifo, sizeof(fifo), "/tmp/json-shapes-fifo-%d", (int)getpid());
	unlink(fifo);
	if (mkfifo(fifo, 0600) != 0) {
		perror("mkfifo");
		exit(1);
	}
	pthread_create(&b, NULL, blocked_main, NULL);
	usleep(20000);
	for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, opener_main, NULL);
	for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
	int w = open(fifo, O_WRONLY);
	pthread_join(b, NULL);
	if (w >= 0) close(w);
	unlink(fifo);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 3;
	for (int r = 0; r < rounds; r++) {
		shapes();
		pthread_t t;
		pthread_create(&t, NULL, thread_main, NULL);
		pthread_join(t, NULL);
		pid_t child = fork();
		if (child == 0) {
			shapes();
			_exit(0);
		}
		waitpid(child, NULL, 0);
	}
	prctl(PR_SET_NAME, "json_shapes_2");
	shapes();
	if (argc > 2 && strcmp(argv[2], "parallel") == 0) parallel();
	printf("done=1\n");
	return 0;
}
