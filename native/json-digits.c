/* Reads decimal integers (one a line, signed or not) and writes them back through json_digits.h: for json-digits.test.ts. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "json_digits.h"

int main(void)
{
	char line[64];
	uint8_t out[32];

	while (fgets(line, sizeof(line), stdin)) {
		uint8_t *end = line[0] == '-' ? json_s64_digits(out, strtoll(line, NULL, 10)) : json_u64_digits(out, strtoull(line, NULL, 10));
		fwrite(out, 1, (size_t)(end - out), stdout);
		putchar('\n');
	}
	return 0;
}
