// perf_event_open aimed at other processes (and benign twins); prints key=value.
// Every mode but setbpf forks a "spy" child that opens one counter with
// perf_event_open and prints its result (`open`: fd or -errno):
//   sample-other        samples its parent (not its descendant): software cpu-clock,
//                       PERF_SAMPLE_IP|TID|REGS_USER|STACK_USER
//   sample-intr-other   the same with PERF_SAMPLE_REGS_INTR
//   sample-thread       samples the second thread of its parent, by its tid
//   count-other         counts its parent's task-clock, no sampling
//   hw-other            counts its parent's cycles (PERF_TYPE_HARDWARE; refused without a PMU)
//   sample-self         samples itself (pid 0)
//   sample-child        samples a child of its own
//   syswide             counts cpu-clock on CPU 0 for every process (pid -1)
//   setbpf              (no spy) a tracepoint counter of its own, a BPF program attached
//                       with PERF_EVENT_IOC_SET_BPF, then enabled (PERF_EVENT_IOC_ENABLE)
// The parent stays 1 s after the spy ended, so that its thread is still there
// when the tracer resolves the tid.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long ret(long r)
{
	return r < 0 ? -errno : r;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static long peo(struct perf_event_attr *a, pid_t pid, int cpu)
{
	return ret(syscall(SYS_perf_event_open, a, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC));
}

static void sampling(struct perf_event_attr *a, uint64_t extra)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = PERF_TYPE_SOFTWARE;
	a->config = PERF_COUNT_SW_CPU_CLOCK;
	a->sample_period = 100000;
	a->sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | extra;
	a->disabled = 1;
	a->exclude_kernel = 1;
	if (extra & PERF_SAMPLE_REGS_USER)
		a->sample_regs_user = 0xff; /* AX BX CX DX SI DI BP SP */
	if (extra & PERF_SAMPLE_STACK_USER)
		a->sample_stack_user = 4096;
	if (extra & PERF_SAMPLE_REGS_INTR)
		a->sample_regs_intr = 0xff;
}

static void counting(struct perf_event_attr *a, uint32_t type, uint64_t config)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = type;
	a->config = config;
	a->disabled = 1;
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

static int setbpf(void)
{
	char idpath[] = "/sys/kernel/tracing/events/syscalls/sys_enter_getppid/id";
	char buf[32] = { 0 };
	int idfd = open(idpath, O_RDONLY);
	if (idfd < 0 || read(idfd, buf, sizeof(buf) - 1) <= 0)
		return fprintf(stderr, "cannot read %s\n", idpath), 1;
	close(idfd);
	struct perf_event_attr a;
	counting(&a, PERF_TYPE_TRACEPOINT, strtoull(buf, NULL, 10));
	a.sample_period = 1;
	a.sample_type = PERF_SAMPLE_RAW;
	long fd = peo(&a, 0, -1);
	printf("tracepoint=%llu\nfd=%ld\n", (unsigned long long)a.config, fd);
	/* r0 = 0; exit */
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr load;
	memset(&load, 0, sizeof(load));
	load.prog_type = BPF_PROG_TYPE_TRACEPOINT;
	load.insns = (uint64_t)(uintptr_t)insns;
	load.insn_cnt = 2;
	load.license = (uint64_t)(uintptr_t)"GPL";
	long prog = ret(syscall(SYS_bpf, BPF_PROG_LOAD, &load, sizeof(load)));
	printf("prog=%ld\n", prog);
	printf("setbpf=%ld\n", ret(ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog)));
	printf("enable=%ld\n", ret(ioctl(fd, PERF_EVENT_IOC_ENABLE, 0)));
	getppid();
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	struct perf_event_attr a;
	int status;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pid=%d\n", getpid());
	if (strcmp(mode, "setbpf") == 0)
		return setbpf();
	if (strcmp(mode, "sample-thread") == 0) {
		pthread_t t;
		pthread_create(&t, NULL, second_thread, NULL);
		while (second_tid == 0)
			sleep_ms(1);
		printf("tid=%d\n", second_tid);
	}
	pid_t parent = getpid();
	pid_t spy = fork();
	if (spy == 0) {
		long fd;
		if (strcmp(mode, "sample-other") == 0) {
			sampling(&a, PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER);
			fd = peo(&a, parent, -1);
		} else if (strcmp(mode, "sample-intr-other") == 0) {
			sampling(&a, PERF_SAMPLE_REGS_INTR);
			fd = peo(&a, parent, -1);
		} else if (strcmp(mode, "sample-thread") == 0) {
			sampling(&a, PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER);
			fd = peo(&a, second_tid, -1);
		} else if (strcmp(mode, "count-other") == 0) {
			counting(&a, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK);
			fd = peo(&a, parent, -1);
		} else if (strcmp(mode, "hw-other") == 0) {
			counting(&a, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES);
			fd = peo(&a, parent, -1);
		} else if (strcmp(mode, "sample-self") == 0) {
			sampling(&a, PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER);
			fd = peo(&a, 0, -1);
		} else if (strcmp(mode, "sample-child") == 0) {
			pid_t child = fork();
			if (child == 0) {
				for (;;)
					pause();
			}
			printf("grandchild=%d\n", child);
			sampling(&a, PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER);
			fd = peo(&a, child, -1);
			kill(child, SIGKILL);
			waitpid(child, &status, 0);
		} else if (strcmp(mode, "syswide") == 0) {
			counting(&a, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK);
			fd = peo(&a, -1, 0);
		} else {
			fprintf(stderr, "usage: %s sample-other|sample-intr-other|sample-thread|count-other|hw-other|sample-self|sample-child|syswide|setbpf\n", argv[0]);
			_exit(2);
		}
		printf("open=%ld\n", fd);
		_exit(0);
	}
	waitpid(spy, &status, 0);
	printf("spy=%d\nstatus=%d\n", spy, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	sleep_ms(1000);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
