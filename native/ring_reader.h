// SPDX-License-Identifier: Apache-2.0
/*
 * A reader of a BPF ring buffer that leaves records where the kernel wrote
 * them: records are walked (handed on) first and released (the consumer
 * position advanced, their space given back to the kernel) only later, in
 * order, when user space has finished with them. So user space works on
 * the ring's own memory, and no copy of it is made or kept.
 *
 * libbpf's reader maps the data area twice in a row, so that a record
 * crossing the end reads as one piece; the kernel maps all its pages at
 * mmap, so that costs the ring's size again in resident memory. This one
 * maps it once: the rare record that crosses the end is copied out.
 *
 * Layout (kernel/bpf/ringbuf.c): page 0 is the consumer position (ours to
 * write), page 1 the producer position, then the data pages. Each record
 * starts with struct { u32 len; u32 pg_off; }, len's top bits busy/discard;
 * records are 8-byte aligned.
 */
#ifndef SYSRAY_RING_READER_H
#define SYSRAY_RING_READER_H

#include <bpf/bpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct ring_reader {
	size_t size; /* bytes of data, a power of two */
	size_t page;
	unsigned long *consumer_pos; /* read-write page */
	unsigned long *producer_pos; /* read-only, the data follows it */
	const char *data;
	unsigned long walked; /* records before this position are handed on */
};

/* One record, header included, at position pos of the ring. */
struct ring_record {
	unsigned long pos;
	uint32_t total; /* header + data, rounded up to 8: the step to the next record */
	int wraps;      /* crosses the end of the data area: read it with ring_reader_copy */
};

static int ring_reader_open(struct ring_reader *r, int map_fd)
{
	struct bpf_map_info info = {};
	uint32_t len = sizeof(info);
	void *p;

	memset(r, 0, sizeof(*r));
	if (bpf_obj_get_info_by_fd(map_fd, &info, &len))
		return -errno;
	r->size = info.max_entries;
	r->page = sysconf(_SC_PAGESIZE);
	p = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	r->consumer_pos = p;
	p = mmap(NULL, r->page + r->size, PROT_READ, MAP_SHARED, map_fd, r->page);
	if (p == MAP_FAILED) {
		int err = -errno;
		munmap(r->consumer_pos, r->page);
		r->consumer_pos = NULL;
		return err;
	}
	r->producer_pos = p;
	r->data = (const char *)p + r->page;
	r->walked = __atomic_load_n(r->consumer_pos, __ATOMIC_ACQUIRE);
	return 0;
}

/* The producer page and data, as one mapping (see ring_reader_close). */
static void *ring_reader_data_mapping(const struct ring_reader *r, size_t *bytes)
{
	*bytes = r->page + r->size;
	return r->producer_pos;
}

/*
 * Unmaps the consumer page; the data mapping is left to whoever holds it
 * (JS memory may still point into it): unmap it with munmap on
 * ring_reader_data_mapping's answer.
 */
static void ring_reader_close(struct ring_reader *r)
{
	if (r->consumer_pos)
		munmap(r->consumer_pos, r->page);
	r->consumer_pos = NULL;
}

/* The next complete record not yet walked; 0 when there is none (yet). */
static int ring_reader_peek(struct ring_reader *r, struct ring_record *rec)
{
	unsigned long prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
	uint32_t len;
	size_t at;

	if (r->walked >= prod)
		return 0;
	at = r->walked & (r->size - 1);
	len = __atomic_load_n((const uint32_t *)(r->data + at), __ATOMIC_ACQUIRE);
	if (len & BPF_RINGBUF_BUSY_BIT)
		return 0; /* still being written: records after it wait for it */
	len &= ~BPF_RINGBUF_DISCARD_BIT;
	rec->pos = r->walked;
	rec->total = (len + BPF_RINGBUF_HDR_SZ + 7) & ~7u;
	rec->wraps = at + rec->total > r->size;
	return 1;
}

/* Copies a record (wrapping or not) to `out`, rec->total bytes. */
static void ring_reader_copy(const struct ring_reader *r, const struct ring_record *rec, char *out)
{
	size_t at = rec->pos & (r->size - 1), first = r->size - at;

	if (first >= rec->total) {
		memcpy(out, r->data + at, rec->total);
		return;
	}
	memcpy(out, r->data + at, first);
	memcpy(out + first, r->data, rec->total - first);
}

/* Gives the kernel back everything before `pos` (positions only grow). */
static void ring_reader_release(struct ring_reader *r, unsigned long pos)
{
	__atomic_store_n(r->consumer_pos, pos, __ATOMIC_RELEASE);
}

#endif
