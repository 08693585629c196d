// userfaultfd by a non-root user and by root. `nobody [DEVNODE]` drops to
// uid/gid 65534, then calls userfaultfd(O_CLOEXEC) (kernel and user faults:
// refused unless vm.unprivileged_userfaultfd=1 or CAP_SYS_PTRACE),
// userfaultfd(O_CLOEXEC | UFFD_USER_MODE_ONLY) (allowed to anyone), and,
// given a /dev/userfaultfd node it may open, ioctl(USERFAULTFD_IOC_NEW)
// (access by the node's permissions, not by the sysctl). `root` makes the
// first call as root. Prints uid=, then NAME=RET errno=E per call.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/userfaultfd.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC_NEW _IO(0xAA, 0x00)
#endif

static void report(const char *name, long ret)
{
	printf("%s=%ld\n%s_errno=%d\n", name, ret, name, ret < 0 ? errno : 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "nobody") == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
			perror("drop to nobody");
			return 1;
		}
	}
	printf("uid=%d\n", getuid());
	report("uffd", syscall(SYS_userfaultfd, O_CLOEXEC));
	if (argc > 1 && strcmp(argv[1], "nobody") == 0) {
		report("uffd_user", syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY));
		if (argc > 2) {
			int dev = open(argv[2], O_RDWR | O_CLOEXEC);
			if (dev < 0) {
				perror(argv[2]);
				return 1;
			}
			report("ioctl", ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC));
		}
	}
	fflush(stdout);
	return 0;
}
