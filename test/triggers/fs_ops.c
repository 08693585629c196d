/*
 * Does file operations named on the command line, in order, for the file
 * watching signatures' tests: each argument is one operation, its fields
 * split by ':'; `%c` in a path is the pid of the child `child` forked.
 * Prints `pid=` and `hostpid=` (its pid in /proc's pid namespace: the host's
 * in a fake container, whose /proc is not remounted), then `N.KEY=VALUE` for
 * operation N (ret or errno, and what it read, wrote, forked...).
 *
 *   ns                      unshare the mount namespace, / made private
 *   mount:TYPE:DIR[:DATA]   mount a file system (tmpfs, debugfs) on DIR, DATA its options;
 *                           a v1 cgroup hierarchy without controllers: mount:cgroup:DIR:none,name=NAME
 *   bind:SRC:DST            bind mount SRC (a file or a directory) on DST
 *   mkdir:DIR  chdir:DIR    join:CGROUPDIR (write our pid to its cgroup.procs)
 *   open:SYSCALL:MODE:PATH  open, openat, openat2 or creat (which ignores MODE); MODE r, w,
 *                           rw, wc (O_WRONLY|O_CREAT|O_TRUNC), path (O_PATH); mode 0644
 *                           passed where glibc passes it (open always, openat with O_CREAT);
 *                           r and rw read up to 64 bytes (of /proc/PID/mem: a marker
 *                           word); the fd stays open
 *   put:PATH                openat O_WRONLY|O_CREAT|O_TRUNC, write a line, close
 *   write:PATH:DATA         open it O_WRONLY, write DATA, close
 *   rewrite:PATH            read PATH, then open it O_WRONLY and write back what was read
 *   rename:OLD:NEW  link:OLD:NEW  symlink:TARGET:LINK
 *   child                   fork a child that waits to be killed (at exit)
 *   exec:PATH[:ARG...]      fork, execv PATH, wait; prints its pid and status
 *   sleep:MS
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t child;
/* what a reader of /proc/CHILD/mem reads: the child has it at the same address */
static const unsigned long marker = 0x5157a11ed5eedUL;

/* `s` with %c replaced by the child's pid, in a static buffer per slot */
static char *subst(const char *s, int slot) {
	static char buf[4][512];
	char *o = buf[slot];
	size_t n = 0;
	for (; *s && n < sizeof buf[0] - 16; s++) {
		if (s[0] == '%' && s[1] == 'c') { n += sprintf(o + n, "%d", child); s++; }
		else o[n++] = *s;
	}
	o[n] = 0;
	return o;
}

static int do_open(const char *sys, const char *mode, const char *path) {
	int flags = !strcmp(mode, "w") ? O_WRONLY : !strcmp(mode, "rw") ? O_RDWR : !strcmp(mode, "wc") ? O_WRONLY | O_CREAT | O_TRUNC
		: !strcmp(mode, "path") ? O_PATH : O_RDONLY;
	mode_t perm = flags & O_CREAT ? 0644 : 0;
	if (!strcmp(sys, "open")) return syscall(SYS_open, path, flags, 0644);
	if (!strcmp(sys, "openat")) return syscall(SYS_openat, AT_FDCWD, path, flags, perm);
	if (!strcmp(sys, "creat")) return syscall(SYS_creat, path, 0644);
	struct open_how how = { .flags = flags, .mode = perm };
	return syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
}

/* open O_WRONLY (as glibc's open: openat), write `len` bytes of `data`, close; the fd or -1 */
static int write_to(const char *path, const char *data, size_t len, int op) {
	int fd = open(path, O_WRONLY);
	if (fd >= 0) { printf("%d.wrote=%zd\n", op, write(fd, data, len)); close(fd); }
	return fd;
}

int main(int argc, char **argv) {
	char self[32] = "";
	ssize_t len = readlink("/proc/self", self, sizeof self - 1);
	if (len > 0) self[len] = 0;
	printf("pid=%d\nhostpid=%s\n", getpid(), self);
	for (int i = 1; i < argc; i++) {
		char *op = strdup(argv[i]), *f[8] = {0};
		int nf = 0;
		for (char *p = op; p && nf < 8; nf++) f[nf] = strsep(&p, ":");
		long r = 0;
		if (!strcmp(f[0], "ns")) {
			r = unshare(CLONE_NEWNS);
			if (r == 0) r = mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL);
		} else if (!strcmp(f[0], "mount")) r = mount(f[1], subst(f[2], 0), f[1], 0, f[3]);
		else if (!strcmp(f[0], "bind")) r = mount(subst(f[1], 0), subst(f[2], 1), NULL, MS_BIND, NULL);
		else if (!strcmp(f[0], "mkdir")) r = mkdir(subst(f[1], 0), 0755);
		else if (!strcmp(f[0], "chdir")) r = chdir(subst(f[1], 0));
		else if (!strcmp(f[0], "join")) {
			char file[512];
			snprintf(file, sizeof file, "%s/cgroup.procs", f[1]);
			FILE *c = fopen(file, "w");
			r = c && fprintf(c, "%d\n", getpid()) > 0 && fclose(c) == 0 ? 0 : -1;
		} else if (!strcmp(f[0], "open")) {
			r = do_open(f[1], f[2], subst(f[3], 0));
			if (r >= 0 && (!strcmp(f[2], "r") || !strcmp(f[2], "rw"))) {
				char b[64];
				size_t len = strlen(f[3]);
				if (len >= 3 && !strcmp(f[3] + len - 3, "mem") && (len == 3 || f[3][len - 4] == '/')) {
					unsigned long v = 0;
					ssize_t n = pread(r, &v, sizeof v, (off_t)(unsigned long)&marker);
					printf("%d.read=%zd\n%d.marker=%d\n", i, n, i, v == marker);
				} else printf("%d.read=%zd\n", i, read(r, b, sizeof b));
			}
		} else if (!strcmp(f[0], "put")) {
			r = openat(AT_FDCWD, subst(f[1], 0), O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (r >= 0) { printf("%d.wrote=%zd\n", i, write(r, "payload\n", 8)); close(r); }
		} else if (!strcmp(f[0], "write")) r = write_to(subst(f[1], 0), f[2] ? f[2] : "", f[2] ? strlen(f[2]) : 0, i);
		else if (!strcmp(f[0], "rewrite")) {
			char b[4096];
			int fd = open(subst(f[1], 0), O_RDONLY);
			ssize_t n = fd >= 0 ? read(fd, b, sizeof b) : -1;
			if (fd >= 0) close(fd);
			r = n < 0 ? -1 : write_to(subst(f[1], 0), b, n, i);
		} else if (!strcmp(f[0], "rename")) r = rename(subst(f[1], 0), subst(f[2], 1));
		else if (!strcmp(f[0], "link")) r = link(subst(f[1], 0), subst(f[2], 1));
		else if (!strcmp(f[0], "symlink")) r = symlink(subst(f[1], 0), subst(f[2], 1));
		else if (!strcmp(f[0], "child")) {
			child = fork();
			if (child == 0) { for (;;) pause(); }
			r = child;
		} else if (!strcmp(f[0], "exec")) {
			pid_t p = fork();
			if (p == 0) {
				char *args[8] = {0};
				args[0] = f[1];
				for (int k = 2; k < nf && k < 8; k++) args[k - 1] = f[k];
				execv(f[1], args);
				_exit(127);
			}
			int st = 0;
			waitpid(p, &st, 0);
			printf("%d.status=%d\n", i, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
			r = p;
		} else if (!strcmp(f[0], "sleep")) {
			struct timespec ts = { atoi(f[1]) / 1000, (atoi(f[1]) % 1000) * 1000000L };
			nanosleep(&ts, NULL);
		} else { fprintf(stderr, "unknown operation %s\n", f[0]); return 2; }
		if (r < 0) printf("%d.errno=%d\n", i, errno);
		else printf("%d.ret=%ld\n", i, r);
		fflush(stdout);
		free(op);
	}
	if (child > 0) { kill(child, SIGKILL); waitpid(child, NULL, 0); }
	return 0;
}
