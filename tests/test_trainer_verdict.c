/* test_trainer_verdict.c -- three-valued claim verdicts from 95% t-intervals
 * (experiments/trainer/verdict.h). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "trainer/verdict.h"

static const double hi3[] = {0.90, 0.91, 0.92}, lo3[] = {0.80, 0.81, 0.82},
                    mid3[] = {0.85, 0.95, 0.75};

Test(trainer_verdict, t_interval_matches_the_t_quantile)
{
    verdict_interval_t iv;
    verdict_t_interval(&iv, hi3, 3); /* s = 0.01, t_{0.975,2} = 4.3027 */
    cr_assert_float_eq(iv.mean, 0.91, 1e-12);
    cr_assert_float_eq(iv.hi - iv.mean, 4.302652729911275 * 0.01 / sqrt(3.0), 1e-9);
    verdict_t_interval(&iv, hi3, 1);
    cr_assert(isinf(iv.lo) && isinf(iv.hi));
}

Test(trainer_verdict, three_values)
{
    char v[96];
    verdict_claim_greater(v, sizeof v, hi3, 3, lo3, 3, 0.0, 1, "");
    cr_assert_str_eq(v, "reproduced");
    verdict_claim_greater(v, sizeof v, lo3, 3, hi3, 3, 0.0, 1, "");
    cr_assert_str_eq(v, "contradicted");
    /* the same data, but the class claimed better did not fit: the budget cannot decide */
    verdict_claim_greater(v, sizeof v, lo3, 3, hi3, 3, 0.0, 0, "train 70% < 99%");
    cr_assert_str_eq(v, "inconclusive (under-fitted: train 70% < 99%)");
    verdict_claim_greater(v, sizeof v, mid3, 3, lo3, 3, 0.0, 1, "");
    cr_assert(strncmp(v, "inconclusive (95% intervals overlap)", 36) == 0, "%s", v);
    verdict_claim_greater(v, sizeof v, hi3, 1, lo3, 1, 0.0, 1, "");
    cr_assert(strncmp(v, "inconclusive (one seed", 22) == 0, "%s", v);
}

Test(trainer_verdict, margin_and_constant_threshold)
{
    char v[96];
    /* "within 1 point": lo3 is 10 points below hi3, so the claim is contradicted */
    verdict_claim_greater(v, sizeof v, lo3, 3, hi3, 3, -0.01, 1, "");
    cr_assert_str_eq(v, "contradicted");
    verdict_claim_greater(v, sizeof v, hi3, 3, NULL, 0, 0.85, 1, "");
    cr_assert_str_eq(v, "reproduced");
    verdict_claim_greater(v, sizeof v, lo3, 3, NULL, 0, 0.95, 1, "");
    cr_assert_str_eq(v, "contradicted");
}
