/*
 * format.c - number formatting for people: percentages that show the
 * digits that matter (99.99% and 99.999% must not both print as 100.00%),
 * counts of nines, thousands separators, and the shares, budgets,
 * durations and gains of report.md; and numbers for data files and CSV.
 * Every writer of src/report formats through here.
 */
#include "report/report.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- for the report directory: shares, budgets, durations, gains ---- */

/* "1 h 24 min", "21.6 min", "43 s", "3.2 days". */
char *nines_fmt_duration(char *buf, size_t len, double h)
{
	if (!isfinite(h))
		snprintf(buf, len, "n/a");
	else if (h < 1.0 / 60)
		snprintf(buf, len, "%.0f s", h * 3600);
	else if (h < 1)
		snprintf(buf, len, "%.3g min", h * 60);
	else if (h < 48) {
		double whole = floor(h);
		double min = round((h - whole) * 60);
		if (min >= 60) {
			whole += 1;
			min = 0;
		}
		if (min > 0)
			snprintf(buf, len, "%.0f h %.0f min", whole, min);
		else
			snprintf(buf, len, "%.0f h", whole);
	} else
		snprintf(buf, len, "%.3g days", h / 24);
	return buf;
}

/* A share with one decimal: "41.2%". */
char *nines_fmt_share(char *buf, size_t len, double x)
{
	if (!isfinite(x))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%.1f%%", 100 * x);
	return buf;
}

/* Three significant digits, as a percentage: "47.8%", "0.200%". */
char *nines_fmt_pct3(char *buf, size_t len, double x)
{
	if (!isfinite(x)) {
		snprintf(buf, len, "n/a");
		return buf;
	}
	char num[48];
	snprintf(num, sizeof num, "%#.3g", 100 * x);
	size_t l = strlen(num);
	if (l && num[l - 1] == '.')
		num[l - 1] = '\0';
	snprintf(buf, len, "%s%%", num);
	return buf;
}

/* An availability gain in percentage points, three significant digits in
 * fixed notation: "+0.0999%", "+0.0000100%". */
char *nines_fmt_gain(char *buf, size_t len, double x)
{
	if (!isfinite(x)) {
		snprintf(buf, len, "n/a");
		return buf;
	}
	double v = 100 * x;
	int dec = 2;
	if (v > 0) {
		/* decimals of the value rounded to three digits, so that
		 * 0.09997 gives "0.100", not "0.1000" */
		char r[32];
		snprintf(r, sizeof r, "%.3g", v);
		dec = 2 - (int)floor(log10(strtod(r, NULL)));
		dec = dec < 0 ? 0 : dec > 12 ? 12 : dec;
	}
	snprintf(buf, len, "%+.*f%%", dec, v);
	return buf;
}

/* Percentage points with three significant digits: "0.145". */
char *nines_fmt_points(char *buf, size_t len, double x)
{
	snprintf(buf, len, "%.3g", 100 * fabs(x));
	return buf;
}

/* A budget consumed, in percent of the budget: "23.1%", "357%", "1104%". */
char *nines_fmt_budget(char *buf, size_t len, double x)
{
	if (!isfinite(x))
		snprintf(buf, len, "n/a");
	else if (100 * x >= 100)
		snprintf(buf, len, "%.0f%%", 100 * x);
	else
		snprintf(buf, len, "%.3g%%", 100 * x);
	return buf;
}

/* A number for CSV and gnuplot data: the JSON's %.15g; "" or NaN when not
 * finite. */
void nines_put_num(FILE *f, double x, const char *missing)
{
	if (isfinite(x))
		fprintf(f, "%.15g", x == 0 ? 0.0 : x);
	else
		fputs(missing, f);
}
