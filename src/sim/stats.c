/*
 * stats.c - interval estimates for the tallies the engines produce. The
 * engines count integers (scenarios up, windows attained); this file turns
 * a count x out of n into a confidence interval, so no engine carries its
 * own statistics.
 */
#include "nines.h"

#include <math.h>
#include <gsl/gsl_cdf.h>

/*
 * Wilson score interval (Wilson 1927; Brown, Cai & DasGupta, "Interval
 * estimation for a binomial proportion", Statist. Sci. 16, 2001): the
 * roots in p of |x/n - p| = z sqrt(p(1-p)/n),
 *
 *	(x + z²/2 ± z sqrt(x(n-x)/n + z²/4)) / (n + z²).
 *
 * Unlike the Wald interval it is never zero-width at x = 0 or x = n (the
 * estimates of an architecture with many nines sit right there), and
 * unlike Clopper-Pearson it needs no beta quantile, which GSL fails to
 * converge for n near 1e9. x(n-x)/n is formed from integers so that 1 - x/n
 * keeps its digits when x is close to n.
 */
void nines_stats_wilson(uint64_t x, uint64_t n, double level, double *lo,
		     double *hi)
{
	if (n == 0 || !(level > 0 && level < 1)) {
		*lo = 0.0;
		*hi = 1.0;
		return;
	}
	if (x > n)
		x = n;
	double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
	double z2 = z * z;
	double dn = (double)n, dx = (double)x, dy = (double)(n - x);
	double root = z * sqrt(dx * (dy / dn) + z2 / 4.0);
	double den = dn + z2;
	double l = (dx + z2 / 2.0 - root) / den;
	double h = (dx + z2 / 2.0 + root) / den;

	/* The bounds are exactly 0 and 1 there; rounding must not move them. */
	if (x == 0 || l < 0)
		l = 0.0;
	if (x == n || h > 1)
		h = 1.0;
	*lo = l;
	*hi = h;
}
