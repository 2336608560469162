/* Tests of trainer/td_operators.h (issue 16): model -> file -> load round trip (every double
 * exact), and rejection of malformed files with one line and nothing allocated. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trainer/model.h"
#include "trainer/td_operators.h"

static char to_dir[] = "/tmp/td_operators_test_XXXXXX";

static void to_setup(void) { cr_assert_not_null(mkdtemp(to_dir)); }
static void to_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", to_dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(td_operators, .init = to_setup, .fini = to_teardown);

Test(td_operators, round_trip_from_model)
{
    const int n = 12, r = 2;
    model_t *m = model_create_shl(LAYER_LDR_TD, n, r, 3);
    cr_assert_not_null(m);
    model_init(m, 5);
    for (size_t i = 0; i < m->layers[0]->nweights; i++) /* non-trivial operators */
        m->params[m->offset[0] + i] = 0.1 * (double)(i % 7) - 1.0 / (double)(i + 3);
    td_operators_t a, b;
    cr_assert_eq(td_operators_from_model(m, &a), 0);
    cr_assert_eq(a.n, n);
    cr_assert_eq(a.rank, r);
    const double *p = m->params + m->offset[0];
    cr_expect_eq(a.g[n + 3], p[n + 3]);         /* g_1, entry 3 */
    cr_expect_eq(a.h[5], p[r * n + 5]);          /* h_0, entry 5 */
    cr_expect_eq(a.s[1][2], p[2 * r * n + 3 * n + n + 2]); /* B^T: s_2 */
    char path[256];
    snprintf(path, sizeof path, "%s/ops.txt", to_dir);
    cr_assert_eq(td_operators_save(path, &a, "test\n# second line"), 0);
    cr_assert_eq(td_operators_load(path, &b), 0);
    cr_assert_eq(b.n, n);
    cr_assert_eq(b.rank, r);
    for (int k = 0; k < 2; k++) {
        cr_expect_eq(memcmp(a.d[k], b.d[k], sizeof(double) * n), 0);
        cr_expect_eq(memcmp(a.s[k], b.s[k], sizeof(double) * (n - 1)), 0);
        cr_expect_eq(memcmp(a.u[k], b.u[k], sizeof(double) * (n - 1)), 0);
        cr_expect_eq(a.cu[k], b.cu[k]);
        cr_expect_eq(a.cl[k], b.cl[k]);
    }
    cr_expect_eq(memcmp(a.g, b.g, sizeof(double) * r * n), 0);
    cr_expect_eq(memcmp(a.h, b.h, sizeof(double) * r * n), 0);
    td_operators_free(&a);
    td_operators_free(&b);
    model_free(m);
    /* not an LDR-TD layer */
    m = model_create_shl(LAYER_LDR_SD, n, 1, 3);
    cr_expect_eq(td_operators_from_model(m, &a), -1);
    model_free(m);
}

Test(td_operators, rejects_malformed_files)
{
    static const char *bad[] = {
        "",                                                          /* empty */
        "ldr-td-operators 2\n",                                      /* version */
        "ldr-td-operators 1\nn 1 rank 1\n",                          /* n too small */
        "ldr-td-operators 1\nn 2 rank 3\n",                          /* rank > n */
        "ldr-td-operators 1\nn 65536 rank 65536\ncorners 0 0 0 0\n", /* sizes the file cannot hold:
                                                                        refused before allocating */
        "ldr-td-operators 1\nn 2 rank 1\ncorners 0 0 0\n",           /* 3 corners */
        "ldr-td-operators 1\nn 2 rank 1\ncorners 0 0 0 0\n1 2 3 4 5 6 7 8\n", /* truncated */
        "ldr-td-operators 1\nn 2 rank 1\ncorners 0 0 0 0\n1 2 3 4 5 6 7\n", /* short row */
        "ldr-td-operators 1\nn 2 rank 1\ncorners 0 0 0 0\n1 2 3 4 5 6 7 nan\n0 0 0 0 0 0 0 0\n",
        "ldr-td-operators 1\nn 2 rank 1\ncorners 0 0 0 0\n1 2 3 4 5 6 7 8\n0 1 0 0 0 0 0 0\n",
        "ldr-td-operators 1\nn 2 rank 1\ncorners 0 0 0 0\n1 2 3 4 5 6 7 8x\n0 0 0 0 0 0 0 0\n",
        "ldr-td-operators 1\nn 2 rank 1\ncorners 0 0 0 0\n1 2 3 4 5 6 7 8\n0 0 0 0 0 0 0 0\n9\n",
    };
    char path[256];
    snprintf(path, sizeof path, "%s/bad.txt", to_dir);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fputs(bad[i], f);
        fclose(f);
        td_operators_t o;
        cr_expect_eq(td_operators_load(path, &o), -1, "case %zu accepted", i);
        cr_expect_null(o.g, "case %zu left memory", i);
    }
    /* the same layout, well formed, is accepted */
    FILE *f = fopen(path, "w");
    fputs("# c\nldr-td-operators 1\nn 2 rank 1\ncorners 0 0 0 0\n1 2 3 4 5 6 7 8\n0 0 0 0 0 0 0 -1e-300\n", f);
    fclose(f);
    td_operators_t o;
    cr_assert_eq(td_operators_load(path, &o), 0);
    cr_expect_eq(o.s[1][0], 5.0);
    cr_expect_eq(o.h[1], -1e-300);
    td_operators_free(&o);
    td_operators_t none;
    snprintf(path, sizeof path, "%s/missing.txt", to_dir);
    cr_expect_eq(td_operators_load(path, &none), -1);
}
