/* verdict.h -- three-valued verdict of an experimental claim from per-seed results.
 *
 * A claim "mean(A) - mean(B) > margin" (or "mean(A) > margin" when B is absent) is
 *   reproduced    when the 95% Student-t intervals of the seed means are separated in the
 *                 claimed direction: lo(A) - hi(B) > margin;
 *   contradicted  when they are separated the other way, hi(A) - lo(B) <= margin, AND the
 *                 class claimed to be better has fitted its training data at least as well as
 *                 the comparator (FITTED != 0) -- otherwise the budget cannot decide;
 *   inconclusive  in every other case (overlapping intervals, a single seed, or under-fitting),
 *                 with the reason in the text.
 * The interval of n >= 2 values is mean +- t_{0.975, n-1} s / sqrt(n) (s the sample standard
 * deviation); one value has no interval. */
#ifndef EXPERIMENTS_TRAINER_VERDICT_H
#define EXPERIMENTS_TRAINER_VERDICT_H

#include <stddef.h>

typedef struct {
    double mean, lo, hi; /* lo = -inf, hi = +inf for a single value */
} verdict_interval_t;

void verdict_t_interval(verdict_interval_t *iv, const double *x, int n);

/* Writes "reproduced", "contradicted" or "inconclusive (reason)" to BUF; B may be NULL (nb = 0)
 * for a claim against the constant MARGIN.  FITTED_WHY names the training accuracies when
 * FITTED is 0 (e.g. "train 77.1% < 95.2%"). */
void verdict_claim_greater(char *buf, size_t len, const double *a, int na, const double *b, int nb,
                           double margin, int fitted, const char *fitted_why);

/* "m [lo, hi]" of the values in percent (95% t-interval; "m" alone for one value). */
void verdict_format_interval(char *buf, size_t len, const double *x, int n);

#endif
