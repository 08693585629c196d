// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The benchmark floor's user space: loads floor.bpf.c, attaches it (narrow:
 * one syscall tracepoint pair per --syscalls name; full: the sys_enter/exit
 * raw tracepoints), and only counts the records. Run until SIGTERM/SIGINT,
 * then drain and print records=, bytes=, lost=, submitted= on stdout.
 *
 * Exit codes: 0 ok, 1 kernel failure, 2 bad usage.
 */
#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "sysray.h"
#include "floor.skel.h"

#define TRACEFS "/sys/kernel/tracing"

static volatile sig_atomic_t stopping;
static unsigned long long records, bytes;
static int verbose;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "floor: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return verbose ? vfprintf(stderr, fmt, ap) : 0;
}

/* The whole consumer: no decoding, so what is measured is the kernel path. */
static int on_record(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	records++;
	bytes += size;
	return 0;
}

/* Sizes: a number with an optional K/M/G suffix (powers of 1024). */
static unsigned long long parse_size(const char *flag, const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *s == '-')
		die(2, "bad %s value \"%s\"", flag, s);
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end)
		die(2, "bad %s value \"%s\"", flag, s);
	return v;
}

/* Syscall tracepoints are found through tracefs; mount it if nobody has (as perf would need). */
static void ensure_tracefs(void)
{
	DIR *d = opendir(TRACEFS "/events");
	int populated = 0;
	struct dirent *ent;

	if (d) {
		while (!populated && (ent = readdir(d)))
			populated = ent->d_name[0] != '.';
		closedir(d);
	}
	if (!populated && mount("nodev", TRACEFS, "tracefs", 0, NULL))
		die(1, "cannot mount tracefs on " TRACEFS ": %s", strerror(errno));
}

static void usage(void)
{
	die(2, "usage: floor (--syscalls NAME,... | --all) [--comm NAME] [--ring-bytes N] [--wakeup-bytes N] [--verbose]");
}

int main(int argc, char **argv)
{
	const char *syscalls = NULL, *comm = NULL;
	unsigned long long ring_bytes = 64ULL << 20, wakeup_bytes = 1ULL << 20;
	int all = 0, err, ncpus;
	struct floor_bpf *skel;
	struct ring_buffer *rb;
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned long long lost = 0, submitted = 0;
	__u64 *per_cpu;
	struct bpf_link **links;
	int nlinks = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--all")) {
			all = 1;
			continue;
		}
		if (!strcmp(a, "--verbose")) {
			verbose = 1;
			continue;
		}
		if (!v)
			usage();
		if (!strcmp(a, "--syscalls"))
			syscalls = v;
		else if (!strcmp(a, "--comm"))
			comm = v;
		else if (!strcmp(a, "--ring-bytes"))
			ring_bytes = parse_size(a, v);
		else if (!strcmp(a, "--wakeup-bytes"))
			wakeup_bytes = parse_size(a, v);
		else
			usage();
		i++;
	}
	if (all == !!syscalls)
		die(2, "give exactly one of --syscalls NAME,... and --all");
	if (syscalls && !*syscalls)
		die(2, "--syscalls needs at least one name");
	if (comm && (!*comm || strlen(comm) >= SYSRAY_COMM_LEN))
		die(2, "--comm must be 1 to %d characters", SYSRAY_COMM_LEN - 1);
	/* the kernel wants a power of two of pages */
	if (ring_bytes < (unsigned long long)sysconf(_SC_PAGESIZE) || (ring_bytes & (ring_bytes - 1)) ||
	    ring_bytes > (1ULL << 31))
		die(2, "--ring-bytes must be a power of two between one page and 2G");

	libbpf_set_print(libbpf_print);
	skel = floor_bpf__open();
	if (!skel)
		die(1, "cannot open the BPF object: %s", strerror(errno));
	skel->rodata->self_tgid = getpid();
	skel->rodata->wakeup_bytes = wakeup_bytes;
	if (comm)
		memcpy((char *)skel->rodata->comm_filter, comm, strlen(comm)); /* rodata starts zeroed: NUL-padded */
	if (bpf_map__set_max_entries(skel->maps.events, ring_bytes))
		die(1, "cannot size the ring buffer");
	/* load only the pair this mode attaches */
	bpf_program__set_autoload(skel->progs.tp_enter, !all);
	bpf_program__set_autoload(skel->progs.tp_exit, !all);
	bpf_program__set_autoload(skel->progs.raw_enter, all);
	bpf_program__set_autoload(skel->progs.raw_exit, all);
	err = floor_bpf__load(skel);
	if (err)
		die(1, "cannot load the BPF programs: %s (--verbose shows the verifier log)", strerror(-err));

	/* two links per syscall name at most (a name per byte of the list, roughly) */
	links = calloc(2 * (syscalls ? strlen(syscalls) : 1) + 2, sizeof(*links));
	if (all) {
		if (!(links[nlinks++] = bpf_program__attach(skel->progs.raw_enter)) ||
		    !(links[nlinks++] = bpf_program__attach(skel->progs.raw_exit)))
			die(1, "cannot attach raw tracepoints sys_enter/sys_exit: %s", strerror(errno));
	} else {
		char *list = strdup(syscalls), *save = NULL, tp[128];

		ensure_tracefs();
		for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
			snprintf(tp, sizeof(tp), "sys_enter_%s", name);
			if (!(links[nlinks++] = bpf_program__attach_tracepoint(skel->progs.tp_enter, "syscalls", tp)))
				die(errno == ENOENT ? 2 : 1, "cannot attach syscalls:%s: %s", tp,
				    errno == ENOENT ? "no such syscall tracepoint" : strerror(errno));
			snprintf(tp, sizeof(tp), "sys_exit_%s", name);
			if (!(links[nlinks++] = bpf_program__attach_tracepoint(skel->progs.tp_exit, "syscalls", tp)))
				die(1, "cannot attach syscalls:%s: %s", tp, strerror(errno));
		}
		free(list);
	}

	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_record, NULL, NULL);
	if (!rb)
		die(1, "cannot set up the ring buffer consumer: %s", strerror(errno));
	/* no SA_RESTART: the signal interrupts epoll_wait */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fprintf(stderr, "ready\n");

	while (!stopping) {
		err = ring_buffer__poll(rb, 20);
		if (err < 0 && err != -EINTR)
			die(1, "ring buffer poll failed: %s", strerror(-err));
		/* the kernel wakes us only past wakeup_bytes: take what is below it too */
		err = ring_buffer__consume(rb);
		if (err < 0)
			die(1, "ring buffer consume failed: %s", strerror(-err));
	}
	/* detach first, so that the drain is final and records == submitted */
	while (nlinks)
		bpf_link__destroy(links[--nlinks]);
	while ((err = ring_buffer__consume(rb)) > 0)
		;
	if (err < 0)
		die(1, "ring buffer drain failed: %s", strerror(-err));

	ncpus = libbpf_num_possible_cpus();
	if (ncpus <= 0)
		die(1, "cannot count possible CPUs: %s", strerror(-ncpus));
	per_cpu = calloc(ncpus, sizeof(*per_cpu));
	for (__u32 k = SYSRAY_STAT_SUBMITTED; k <= SYSRAY_STAT_LOST; k++) {
		if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.stats), &k, per_cpu))
			die(1, "cannot read the stats map: %s", strerror(errno));
		for (int c = 0; c < ncpus; c++)
			*(k == SYSRAY_STAT_LOST ? &lost : &submitted) += per_cpu[c];
	}
	printf("records=%llu\nbytes=%llu\nlost=%llu\nsubmitted=%llu\n", records, bytes, lost, submitted);
	ring_buffer__free(rb);
	floor_bpf__destroy(skel);
	return 0;
}
