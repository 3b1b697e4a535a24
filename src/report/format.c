/*
 * format.c - number formatting for people: percentages that show the
 * digits that matter (99.99% and 99.999% must not both print as 100.00%),
 * counts of nines, thousands separators.
 */
#include "report/report.h"

#include <inttypes.h>
#include <math.h>

char *nines_fmt_pct(char *buf, size_t len, double a)
{
	if (!isfinite(a)) {
		snprintf(buf, len, "n/a");
		return buf;
	}
	double u = 1 - a;
	int dec = 2;
	if (u > 0 && u < 1) {
		/* three significant digits of the unavailability, in percent:
		 * 0.99885 -> "99.885%", 0.99999123 -> "99.99912%" */
		dec = (int)floor(-log10(100 * u)) + 3;
		if (dec < 2)
			dec = 2;
		if (dec > 8)
			dec = 8;
	} else if (u <= 0) {
		dec = 0;
	}
	snprintf(buf, len, "%.*f%%", dec, 100 * a);
	return buf;
}

char *nines_fmt_target(char *buf, size_t len, double a)
{
	if (!isfinite(a))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.10g%%", 100 * a);
	return buf;
}

char *nines_fmt_nines(char *buf, size_t len, double a)
{
	if (!isfinite(a))
		snprintf(buf, len, "n/a");
	else if (a >= 1)
		snprintf(buf, len, "inf");
	else
		snprintf(buf, len, "%.2f", -log10(1 - a));
	return buf;
}

char *nines_fmt_count(char *buf, size_t len, uint64_t n)
{
	char digits[32];
	int nd = snprintf(digits, sizeof digits, "%" PRIu64, n);
	size_t o = 0;
	for (int i = 0; i < nd && o + 1 < len; i++) {
		if (i > 0 && (nd - i) % 3 == 0 && o + 2 < len)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}
