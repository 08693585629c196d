/*
 * The preconditions of kernel hooking, each done for real and safely:
 *   module  finit_module of /bin/true (refused: ENOEXEC, or ENOSYS without modules)
 *   kexec   kexec_load with 17 segments (more than KEXEC_SEGMENT_MAX: EINVAL)
 *           and kexec_file_load of /bin/true (not a kernel: ENOEXEC); ENOSYS
 *           without kexec. Nothing is loaded either way.
 *   bpf     BPF_PROG_LOAD of a two-instruction kprobe program (r0 = 0; exit),
 *           loaded and never attached, then closed
 *   files   run in a private mount namespace with tmpfs over /dev and
 *           /sys/kernel/debug (the host's are untouched): makes /dev/mem (the
 *           char device 1:1), /dev/kmem (a file), /dev/port (a symlink to
 *           /dev/kmem), /sys/kernel/debug/kprobes/{enabled,list}, then opens
 *           /dev/mem O_RDWR, /dev/port O_WRONLY and kprobes/enabled O_WRONLY
 * Benign twins:
 *   bpf-socket  BPF_PROG_LOAD of the same program as a socket filter
 *   files-read  (same namespace) opens kprobes/list and /dev/mem read-only
 * Prints pid= and each call's result (fd or -errno).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static long result(long r)
{
	return r < 0 ? -errno : r;
}

static long prog_load(__u32 type)
{
	struct bpf_insn insns[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insn_cnt = 2;
	attr.insns = (__u64)(unsigned long)insns;
	attr.license = (__u64)(unsigned long)"GPL";
	strcpy(attr.prog_name, "sysray_test");
	fd = result(syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr)));
	if (fd >= 0)
		close(fd);
	return fd;
}

static long open_result(const char *path, int flags)
{
	long fd = result(open(path, flags | O_CLOEXEC));

	if (fd >= 0)
		close(fd);
	return fd;
}

/* The stand-ins, made without opening them (an open for writing is what is watched). */
static int make_files(void)
{
	if (mknod("/dev/mem", S_IFCHR | 0600, makedev(1, 1)) != 0 || mknod("/dev/kmem", S_IFREG | 0600, 0) != 0 ||
	    symlink("/dev/kmem", "/dev/port") != 0 || mkdir("/sys/kernel/debug/kprobes", 0700) != 0 ||
	    mknod("/sys/kernel/debug/kprobes/enabled", S_IFREG | 0600, 0) != 0 ||
	    mknod("/sys/kernel/debug/kprobes/list", S_IFREG | 0600, 0) != 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	printf("pid=%d\n", getpid());
	if (strcmp(mode, "module") == 0 || strcmp(mode, "kexec") == 0) {
		int fd = open("/bin/true", O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			return 1;
		printf("fd=%d\n", fd);
		if (strcmp(mode, "module") == 0) {
			printf("finit=%ld\n", result(syscall(SYS_finit_module, fd, "", 0)));
		} else {
			printf("kexec=%ld\n", result(syscall(SYS_kexec_load, 0UL, 17UL, (void *)0, 0UL)));
			/* KEXEC_FILE_NO_INITRAMFS (4): no initrd fd */
			printf("kexec_file=%ld\n", result(syscall(SYS_kexec_file_load, fd, -1, 1UL, "", 4UL)));
		}
	} else if (strcmp(mode, "bpf") == 0) {
		printf("prog=%ld\n", prog_load(BPF_PROG_TYPE_KPROBE));
	} else if (strcmp(mode, "bpf-socket") == 0) {
		printf("prog=%ld\n", prog_load(BPF_PROG_TYPE_SOCKET_FILTER));
	} else if (strcmp(mode, "files") == 0 || strcmp(mode, "files-read") == 0) {
		int write = strcmp(mode, "files") == 0;

		if (make_files() != 0) {
			perror("make_files");
			return 1;
		}
		printf("mem=%ld\n", open_result("/dev/mem", write ? O_RDWR : O_RDONLY));
		if (write)
			printf("port=%ld\n", open_result("/dev/port", O_WRONLY));
		printf("kprobes=%ld\n", open_result(write ? "/sys/kernel/debug/kprobes/enabled" : "/sys/kernel/debug/kprobes/list",
						    write ? O_WRONLY : O_RDONLY));
	} else {
		return 2;
	}
	return 0;
}
