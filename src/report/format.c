/*
 * format.c - number formatting for people: percentages that show the
 * digits that matter (99.99% and 99.999% must not both print as 100.00%),
 * counts of nines, thousands separators.
 */
#include "report/report.h"

#include <inttypes.h>
#include <math.h>

int nines_pct_decimals(double a)
{
	double u = 1 - a;
	if (!isfinite(a) || u <= 0)
		return 0;
	if (u >= 1)
		return 2;
	/* three significant digits of the unavailability, in percent:
	 * 0.99885 -> "99.885%", 0.99999123 -> "99.99912%" */
	int dec = (int)floor(-log10(100 * u)) + 3;
	return dec < 2 ? 2 : dec > 8 ? 8 : dec;
}

int nines_ci_decimals(const nines_estimate *e)
{
	int dec = nines_pct_decimals(e->estimate);
	double w = 100 * (e->ci95_high - e->ci95_low);
	if (w > 0 && isfinite(w)) {
		/* enough to show the interval's two ends apart */
		int need = (int)ceil(-log10(w)) + 1;
		if (need > dec)
			dec = need;
	}
	return dec > 8 ? 8 : dec;
}

char *nines_fmt_pct_dec(char *buf, size_t len, double a, int dec)
{
	if (!isfinite(a))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%.*f%%", dec, 100 * a);
	return buf;
}

char *nines_fmt_pct(char *buf, size_t len, double a)
{
	return nines_fmt_pct_dec(buf, len, a, nines_pct_decimals(a));
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
		snprintf(buf, len, "%.2f", 0.0 - log10(1 - a));	/* never "-0.00" */
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
