/* verdict.c -- three-valued verdicts from 95% Student-t intervals (see verdict.h). */
#include "trainer/verdict.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>

void verdict_t_interval(verdict_interval_t *iv, const double *x, int n)
{
    double m = 0, ss = 0;
    for (int i = 0; i < n; i++)
        m += x[i];
    m /= n > 0 ? n : 1;
    iv->mean = m;
    if (n < 2) {
        iv->lo = -INFINITY;
        iv->hi = INFINITY;
        return;
    }
    for (int i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    double half = gsl_cdf_tdist_Pinv(0.975, n - 1) * sqrt(ss / (n - 1)) / sqrt((double)n);
    iv->lo = m - half;
    iv->hi = m + half;
}

void verdict_claim_greater(char *buf, size_t len, const double *a, int na, const double *b, int nb,
                           double margin, int fitted, const char *fitted_why)
{
    verdict_interval_t ia, ib = {0, 0, 0};
    verdict_t_interval(&ia, a, na);
    if (b && nb > 0)
        verdict_t_interval(&ib, b, nb);
    if (na < 2 || (b && nb > 0 && nb < 2))
        snprintf(buf, len, "inconclusive (one seed: no interval)");
    else if (ia.lo - ib.hi > margin)
        snprintf(buf, len, "reproduced");
    else if (ia.hi - ib.lo <= margin) {
        if (fitted)
            snprintf(buf, len, "contradicted");
        else
            snprintf(buf, len, "inconclusive (under-fitted: %s)", fitted_why);
    } else
        snprintf(buf, len, "inconclusive (95%% intervals overlap)");
}

void verdict_format_interval(char *buf, size_t len, const double *x, int n)
{
    verdict_interval_t iv;
    verdict_t_interval(&iv, x, n);
    if (n < 2)
        snprintf(buf, len, "%.2f", 100 * iv.mean);
    else
        snprintf(buf, len, "%.2f [%.2f, %.2f]", 100 * iv.mean, 100 * iv.lo, 100 * iv.hi);
}
