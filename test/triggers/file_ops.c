/*
 * File operations for the file-watch signatures' tests, done by one process
 * (comm file_ops) in the order given, each printing `<n>.<op>=<result>`
 * (a fd or 0, or -errno) after `pid=` and `hostpid=` (its pid in /proc's pid
 * namespace):
 *   unshare               private mount namespace (mounts below touch nothing else)
 *   tmpfs DIR             a tmpfs over DIR
 *   bind SRC DST          bind-mount SRC over DST
 *   cgroup1 NAME DIR      mount a v1 cgroup hierarchy without controllers, name=NAME
 *   mkdir DIR | chdir DIR
 *   open MODE PATH        openat(AT_FDCWD): MODE r, w, rw, wc (O_WRONLY|O_CREAT|O_TRUNC), path (O_PATH)
 *   sysopen MODE PATH     the same through the open(2) syscall
 *   openat2 MODE PATH     the same through openat2(2) (struct open_how, no resolve flags)
 *   creat PATH            the creat(2) syscall
 *   write PATH DATA       open O_WRONLY, write DATA, close (result: the fd written through)
 *   rewrite PATH          read PATH, write back what it held (the value stays) as write does
 *   rename OLD NEW | link OLD NEW | symlink TARGET LINK
 *   sleep MS              (fds stay open meanwhile: /proc/PID/fdinfo readable)
 * Opened fds stay open until exit; a failed op is reported and the rest go on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include <time.h>
#include <unistd.h>

static long rc(long r) { return r < 0 ? -errno : r; }

static int mode_flags(const char *m) {
  if (!strcmp(m, "r")) return O_RDONLY;
  if (!strcmp(m, "w")) return O_WRONLY;
  if (!strcmp(m, "rw")) return O_RDWR;
  if (!strcmp(m, "wc")) return O_WRONLY | O_CREAT | O_TRUNC;
  if (!strcmp(m, "path")) return O_PATH;
  fprintf(stderr, "file_ops: unknown open mode %s\n", m);
  exit(2);
}

static long write_to(const char *path, const char *data, size_t len) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) return -errno;
  long r = write(fd, data, len) < 0 ? -errno : fd;
  close(fd);
  return r;
}

static long rewrite(const char *path) {
  char buf[4096];
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -errno;
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  if (n < 0) return -errno;
  return write_to(path, buf, (size_t)n);
}

int main(int argc, char **argv) {
  // the host's pid too: in a container's pid namespace /proc (the host's, not remounted) names it
  char self[32] = "";
  ssize_t len = readlink("/proc/self", self, sizeof self - 1);
  if (len > 0) self[len] = 0;
  printf("pid=%d\nhostpid=%s\n", getpid(), self);
  int n = 0;
  for (int i = 1; i < argc; n++) {
    const char *op = argv[i];
    int need = !strcmp(op, "unshare") ? 0
      : (!strcmp(op, "tmpfs") || !strcmp(op, "sleep") || !strcmp(op, "mkdir") || !strcmp(op, "chdir") || !strcmp(op, "creat") || !strcmp(op, "rewrite")) ? 1 : 2;
    if (i + need >= argc) { fprintf(stderr, "file_ops: %s needs %d arguments\n", op, need); return 2; }
    const char *a = need > 0 ? argv[i + 1] : NULL, *b = need > 1 ? argv[i + 2] : NULL;
    long r;
    if (!strcmp(op, "unshare")) {
      r = rc(unshare(CLONE_NEWNS));
      if (r == 0) r = rc(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
    } else if (!strcmp(op, "tmpfs")) r = rc(mount("sysray-test", a, "tmpfs", 0, "mode=0755"));
    else if (!strcmp(op, "bind")) r = rc(mount(a, b, NULL, MS_BIND, NULL));
    else if (!strcmp(op, "cgroup1")) {
      char opts[256];
      snprintf(opts, sizeof opts, "none,name=%s", a);
      r = rc(mount("cgroup", b, "cgroup", 0, opts));
    } else if (!strcmp(op, "mkdir")) r = rc(mkdir(a, 0755));
    else if (!strcmp(op, "chdir")) r = rc(chdir(a));
    else if (!strcmp(op, "open")) r = rc(openat(AT_FDCWD, b, mode_flags(a), 0644));
    else if (!strcmp(op, "sysopen")) r = rc(syscall(SYS_open, b, mode_flags(a), 0644));
    else if (!strcmp(op, "openat2")) {
      struct open_how how = { .flags = (unsigned long long)mode_flags(a), .mode = (mode_flags(a) & O_CREAT) ? 0644 : 0 };
      r = rc(syscall(SYS_openat2, AT_FDCWD, b, &how, sizeof how));
    } else if (!strcmp(op, "sleep")) {
      struct timespec ts = { atoi(a) / 1000, (atoi(a) % 1000) * 1000000L };
      r = rc(nanosleep(&ts, NULL));
    } else if (!strcmp(op, "creat")) r = rc(syscall(SYS_creat, a, 0644));
    else if (!strcmp(op, "write")) r = write_to(a, b, strlen(b));
    else if (!strcmp(op, "rewrite")) r = rewrite(a);
    else if (!strcmp(op, "rename")) r = rc(rename(a, b));
    else if (!strcmp(op, "link")) r = rc(link(a, b));
    else if (!strcmp(op, "symlink")) r = rc(symlink(a, b));
    else { fprintf(stderr, "file_ops: unknown op %s\n", op); return 2; }
    printf("%d.%s=%ld\n", n, op, r);
    i += 1 + need;
  }
  fflush(stdout);
  return 0;
}
