/*
 * evidence.c - evidence and ranges on a node's availability (SPEC section
 * 8): validation, the central value ordinary runs use, 90% intervals and
 * draws for the tornado chart and `--uncertainty`.
 *
 * Evidence: k = incidents outages lasting D = downtime_h hours in total
 * over T = observed_h hours, so U = T - D hours of uptime. Failures are a
 * Poisson process in uptime with rate lambda; with the Jeffreys prior
 * p(lambda) ~ lambda^-1/2 the posterior is Gamma(k + 1/2, rate U). Repair
 * times are exponential with rate mu; with the Jeffreys prior p(mu) ~ 1/mu
 * the posterior is Gamma(k, rate D) (k >= 1). lambda and mu are
 * independent a posteriori, so the odds of being down, lambda / mu, are
 * (D/U) (k + 1/2)/k times an F(2k + 1, 2k) variable: the interval of the
 * availability mu / (lambda + mu) is exact, from F quantiles. The central
 * value puts both rates at their posterior means: mttf_h = U / (k + 1/2),
 * mttr_h = D / k. With no incidents the repair time must be given
 * (mttr_h); it is then taken as known.
 *
 * Range [low, high]: a 90% interval. The availability is logit-normal
 * matched to it: logit A ~ N(m, s) with m the midpoint of the logits and
 * s = (logit high - logit low) / (2 * 1.6449); the central value is its
 * median, logistic(m). A high of 1 is read as 1 - 1e-9 (a logit must be
 * finite).
 *
 * Evidence or a range describes the node's uncertainty; a node that also
 * gives availability (or mttf_h/mttr_h) keeps it as the central value.
 * With a range that value must lie in the range. Evidence and a range
 * together are an error: they would be two answers to one question.
 */
#include "graph/evidence.h"
#include "util/util.h"

#include <float.h>
#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#define Z90 1.6448536269514722	/* standard normal 95% quantile */
#define HIGH_CAP (1 - 1e-9)

static int has_evidence(const nines_node *v)
{
	return !isnan(v->incidents) || !isnan(v->downtime_h) || !isnan(v->observed_h);
}

static int has_range(const nines_node *v)
{
	return !isnan(v->availability_low) || !isnan(v->availability_high);
}

int nines_node_uncertain(const nines_node *v)
{
	return has_evidence(v) ? NINES_UNCERTAIN_EVIDENCE :
	       has_range(v) ? NINES_UNCERTAIN_RANGE : NINES_UNCERTAIN_NONE;
}

static double logit(double a)
{
	a = a < HIGH_CAP ? a : HIGH_CAP;
	return log(a) - log1p(-a);
}

static void range_params(const nines_node *v, double *m, double *s)
{
	double l = logit(v->availability_low), h = logit(v->availability_high);
	*m = (l + h) / 2;
	*s = (h - l) / (2 * Z90);
}

static int check_evidence(const char *src, nines_node *v, char *err)
{
	double k = v->incidents, d = v->downtime_h, t = v->observed_h;
	const char *miss = isnan(k) ? "incidents" : isnan(d) ? "downtime_h" :
			   isnan(t) ? "observed_h" : NULL;
	if (miss) {
		nines_set_err(err, "%s:%ld: node '%s': evidence needs incidents, downtime_h and observed_h together; %s is missing",
			      src, v->line, v->id, miss);
		return NINES_EMODEL;
	}
	if (!(k >= 0 && k <= 1e9 && k == floor(k))) {
		nines_set_err(err, "%s:%ld: node '%s': incidents %g is not a whole number >= 0",
			      src, v->line, v->id, k);
		return NINES_EMODEL;
	}
	if (!(t > 0)) {
		nines_set_err(err, "%s:%ld: node '%s': observed_h %g is not a number > 0",
			      src, v->line, v->id, t);
		return NINES_EMODEL;
	}
	if (!(d >= 0)) {
		nines_set_err(err, "%s:%ld: node '%s': downtime_h %g is not a number >= 0",
			      src, v->line, v->id, d);
		return NINES_EMODEL;
	}
	if (d > t) {
		nines_set_err(err, "%s:%ld: node '%s': downtime_h %g is more than observed_h %g",
			      src, v->line, v->id, d, t);
		return NINES_EMODEL;
	}
	if (d == t) {
		nines_set_err(err, "%s:%ld: node '%s': downtime_h %g equals observed_h: no uptime was observed",
			      src, v->line, v->id, d);
		return NINES_EMODEL;
	}
	if (k == 0 && d > 0) {
		nines_set_err(err, "%s:%ld: node '%s': downtime_h %g with incidents 0: downtime needs an incident",
			      src, v->line, v->id, d);
		return NINES_EMODEL;
	}
	if (k > 0 && d == 0) {
		nines_set_err(err, "%s:%ld: node '%s': incidents %g with downtime_h 0: outages need a duration",
			      src, v->line, v->id, k);
		return NINES_EMODEL;
	}
	if (!isnan(v->availability))
		return NINES_OK;	/* the given value stays central */
	if (isnan(v->mttf_h))
		v->mttf_h = (t - d) / (k + 0.5);
	if (isnan(v->mttr_h)) {
		if (k == 0) {
			nines_set_err(err, "%s:%ld: node '%s': incidents 0 says nothing about repair time; give mttr_h",
				      src, v->line, v->id);
			return NINES_EMODEL;
		}
		v->mttr_h = d / k;
	}
	return NINES_OK;
}

static int check_range(const char *src, nines_node *v, char *err)
{
	double lo = v->availability_low, hi = v->availability_high;
	if (isnan(lo) || isnan(hi)) {
		nines_set_err(err, "%s:%ld: node '%s': a range needs availability_low and availability_high together; %s is missing",
			      src, v->line, v->id,
			      isnan(lo) ? "availability_low" : "availability_high");
		return NINES_EMODEL;
	}
	if (!(lo > 0 && lo <= 1) || !(hi > 0 && hi <= 1)) {
		nines_set_err(err, "%s:%ld: node '%s': availability_%s %g is not in (0,1]",
			      src, v->line, v->id, lo > 0 && lo <= 1 ? "high" : "low",
			      lo > 0 && lo <= 1 ? hi : lo);
		return NINES_EMODEL;
	}
	if (lo > hi) {
		nines_set_err(err, "%s:%ld: node '%s': availability_low %g is above availability_high %g",
			      src, v->line, v->id, lo, hi);
		return NINES_EMODEL;
	}
	double a = v->availability;
	if (isnan(a) && !isnan(v->mttf_h) && !isnan(v->mttr_h))
		a = v->mttf_h / (v->mttf_h + v->mttr_h);
	if (!isnan(a)) {
		if (!(a >= lo && a <= hi)) {
			nines_set_err(err, "%s:%ld: node '%s': availability %.12g is outside its range [availability_low %g, availability_high %g]",
				      src, v->line, v->id, a, lo, hi);
			return NINES_EMODEL;
		}
		return NINES_OK;
	}
	if (!isnan(v->mttf_h) || !isnan(v->mttr_h)) {
		nines_set_err(err, "%s:%ld: node '%s': a range with only one of mttf_h and mttr_h; give both or neither",
			      src, v->line, v->id);
		return NINES_EMODEL;
	}
	if (lo == hi) {
		v->availability = lo;
	} else {
		double m, s;
		range_params(v, &m, &s);
		v->availability = 1 / (1 + exp(-m));
	}
	return NINES_OK;
}

int nines_evidence_check(const char *src, nines_node *v, char *err)
{
	int ev = has_evidence(v), rg = has_range(v);
	if (ev && rg) {
		nines_set_err(err, "%s:%ld: node '%s': evidence (incidents, downtime_h, observed_h) and a range (availability_low, availability_high) together; give one",
			      src, v->line, v->id);
		return NINES_EMODEL;
	}
	return ev ? check_evidence(src, v, err) : rg ? check_range(src, v, err) :
	       NINES_OK;
}

double nines_evidence_failure_rate(const nines_node *v)
{
	if (!has_evidence(v))
		return NAN;
	return (v->incidents + 0.5) / (v->observed_h - v->downtime_h);
}

double nines_evidence_repair_rate(const nines_node *v)
{
	if (!has_evidence(v) || !(v->incidents > 0))
		return NAN;
	return v->incidents / v->downtime_h;
}

/* Quantile p of the odds lambda / mu of an evidence node. */
static double odds_quantile(const nines_node *v, double p)
{
	double k = v->incidents, u = v->observed_h - v->downtime_h;
	if (k == 0)	/* mu known: 1 / mttr_h */
		return gsl_cdf_gamma_Pinv(p, 0.5, 1 / u) * v->mttr_h;
	double f = gsl_cdf_fdist_Pinv(p, 2 * k + 1, 2 * k);
	return v->downtime_h / u * (k + 0.5) / k * f;
}

void nines_evidence_interval(const nines_node *v, double *lo, double *hi)
{
	switch (nines_node_uncertain(v)) {
	case NINES_UNCERTAIN_EVIDENCE:
		*lo = 1 / (1 + odds_quantile(v, 0.95));
		*hi = 1 / (1 + odds_quantile(v, 0.05));
		return;
	case NINES_UNCERTAIN_RANGE:
		*lo = v->availability_low;
		*hi = v->availability_high;
		return;
	default:
		*lo = *hi = v->availability;
	}
}

void nines_evidence_draw_times(const nines_node *v, gsl_rng *r, double *a,
			       double *mttf_h, double *mttr_h)
{
	*mttr_h = v->mttr_h;
	switch (nines_node_uncertain(v)) {
	case NINES_UNCERTAIN_EVIDENCE: {
		double k = v->incidents, u = v->observed_h - v->downtime_h;
		double lambda = gsl_ran_gamma(r, k + 0.5, 1 / u);
		double mu = k > 0 ? gsl_ran_gamma(r, k, 1 / v->downtime_h) :
				    1 / v->mttr_h;
		*a = mu / (lambda + mu);
		*mttf_h = 1 / lambda;
		*mttr_h = 1 / mu;
		return;
	}
	case NINES_UNCERTAIN_RANGE:
		if (v->availability_low == v->availability_high) {
			*a = v->availability_low;
		} else {
			double m, s;
			range_params(v, &m, &s);
			*a = 1 / (1 + exp(-(m + s * gsl_ran_ugaussian(r))));
			*a = *a > 0 ? *a : DBL_MIN;
		}
		break;
	default:
		*a = v->availability;
	}
	*mttf_h = *a == 1 ? INFINITY : *mttr_h * *a / (1 - *a);
}

double nines_evidence_draw(const nines_node *v, gsl_rng *r)
{
	double a, f, t;
	nines_evidence_draw_times(v, r, &a, &f, &t);
	return a;
}
