/*
 * Decimal digits of integers, as JSON and the JS printer write them (no
 * leading zeros, '-' for negatives). Two digits a step from a table, and
 * 32-bit arithmetic once the value fits: the C writer's lines are mostly
 * numbers (timestamp, arguments, return value), and one digit a step with
 * 64-bit division was its largest cost (perf, 2026-12-04).
 */
#ifndef SYSRAY_JSON_DIGITS_H
#define SYSRAY_JSON_DIGITS_H

#include <stdint.h>
#include <string.h>

static const char json_digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static inline int json_digit_count32(uint32_t v)
{
	int n = 1;
	if (v >= 100000000u) { n += 8; v /= 100000000u; }
	if (v >= 10000u) { n += 4; v /= 10000u; }
	if (v >= 100u) { n += 2; v /= 100u; }
	return n + (v >= 10u);
}

/* `n` digits of v (v < 10^n) ending at end, zero-padded on the left. */
static inline void json_digits32_to(uint8_t *end, uint32_t v, int n)
{
	while (n >= 2) {
		end -= 2;
		memcpy(end, json_digit_pairs + 2 * (v % 100u), 2);
		v /= 100u;
		n -= 2;
	}
	if (n)
		*--end = (uint8_t)('0' + v);
}

static inline uint8_t *json_u64_digits(uint8_t *o, uint64_t v)
{
	if (v <= UINT32_MAX) {
		int n = json_digit_count32((uint32_t)v);
		json_digits32_to(o + n, (uint32_t)v, n);
		return o + n;
	}
	/* up to 20 digits: the top ones, then eight-digit chunks, each in 32 bits */
	uint32_t low = (uint32_t)(v % 100000000u);
	uint64_t rest = v / 100000000u;
	if (rest <= UINT32_MAX) {
		int n = json_digit_count32((uint32_t)rest);
		json_digits32_to(o + n, (uint32_t)rest, n);
		json_digits32_to(o + n + 8, low, 8);
		return o + n + 8;
	}
	uint32_t mid = (uint32_t)(rest % 100000000u);
	uint32_t top = (uint32_t)(rest / 100000000u); /* < 1845 */
	int n = json_digit_count32(top);
	json_digits32_to(o + n, top, n);
	json_digits32_to(o + n + 8, mid, 8);
	json_digits32_to(o + n + 16, low, 8);
	return o + n + 16;
}

static inline uint8_t *json_s64_digits(uint8_t *o, int64_t v)
{
	if (v < 0) {
		*o++ = '-';
		return json_u64_digits(o, (uint64_t)0 - (uint64_t)v);
	}
	return json_u64_digits(o, (uint64_t)v);
}

#endif
