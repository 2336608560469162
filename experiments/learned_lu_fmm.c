/* learned_lu.c -- learned hierarchical block LU (FMM-style L and U blocks) trained by
 * gradient descent, against LAPACK LU, with the rank structure of exact LU factors verified.
 * Source: papers/learned_lu_fmm_blocks.txt (GFMM-block L and U, transpose loss, block-wise
 * training, the test operators and the three metrics).
 *
 * Sections of results/learned_lu.{md,csv}:
 *   1. operators and their LAPACK condition numbers;
 *   2. premise: level ranks of the off-diagonal blocks of LAPACK's L and U (n), and of the
 *      exact LU over Q of the integer stencils (n <= 128) with the band theorem as claim;
 *   3. representation: parameter counts, exact block-triangularity, transpose product,
 *      gradients against finite differences (with negative controls);
 *   4. training (plain / transpose loss / transpose loss + block-wise) and the metrics
 *      against LAPACK dgetrf/dgetrs, cond(L U), GMRES iterations; PNG heat maps |L U - A|.
 * Section 4 runs as cells (report/checker.h), one per operator (its three configurations):
 * the plots are side outputs of the cells (their gnuplot scripts), written once every cell
 * is available, so a shard or an incomplete assembly writes no file. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/cell_values.h"
#include "report/checker.h"
#include "learned_lu/llu_checks.h"
#include "learned_lu/llu_dense.h"
#include "learned_lu/llu_eval.h"
#include "learned_lu/llu_heatmap.h"
#include "learned_lu/llu_operators.h"
#include "learned_lu/llu_random.h"
#include "learned_lu/llu_ranks.h"
#include "learned_lu/llu_train.h"
#include "trainer/expplot.h"

#define RANK_TOL 1e-12

static long opt_n = 256, opt_block = 32, opt_rank = 8, opt_iters = 10000, opt_batch = 64,
            opt_lr_micro = 3000, opt_exact_n = 128, opt_samples = 1000, opt_plots = -1;

static const checker_option_t options[] = {
    {"--n", &opt_n, "operator order (2D operators: nx x ny grid, nx a power of two)"},
    {"--block", &opt_block, "leaf block size b (n/b a power of two >= 4)"},
    {"--rank", &opt_rank, "rank r of the transfer and bridge matrices"},
    {"--iters", &opt_iters, "Adam steps per training run"},
    {"--batch", &opt_batch, "unit vectors e_i per step"},
    {"--lr-micro", &opt_lr_micro, "Adam base learning rate in units of 1e-6"},
    {"--exact-n", &opt_exact_n, "order of the exact LU over Q (integer stencils)"},
    {"--samples", &opt_samples, "random right-hand sides for the solution/backward errors"},
    {"--plots", &opt_plots, "1: write PNG heat maps, 0: none, -1: all but --quick"},
    {NULL, NULL, NULL}};

static const checker_info_t info = {
    "learned_lu",
    "Learned hierarchical block LU (FMM-style L, U) vs LAPACK, and the rank structure of exact LU",
    "papers/learned_lu_fmm_blocks.txt (GFMM-block L/U, transpose loss, block-wise training, "
    "Experiments, Evaluation)",
    "Trains L U ~ A with hierarchical block-triangular networks for eight operators and three\n"
    "training configurations, compares with LAPACK, and checks the rank structure of LU\n"
    "factors exactly over Q (integer stencils).",
    options};

static int log2_exact(long v)
{
    int l = 0;
    while ((1L << l) < v)
        l++;
    return (1L << l) == v ? l : -1;
}

/* "3 / 2 / 1" for a rank array. */
static const char *rank_list(const int *rk, int levels, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int l = 0; l < levels && o < len; l++)
        o += (size_t)snprintf(buf + o, len - o, l ? " / %d" : "%d", rk[l]);
    return buf;
}

/* ---------------------------------------------------------------- 1. operators */
static void section_operators(checker_t *c, double **ops, int n)
{
    checker_section(c, "1. Operators (float64, LAPACK)", "operator|definition|n|parameters|cond_2(A)");
    for (int k = 0; k < LLU_NOPS; k++) {
        llu_op_spec_t s;
        llu_op_default(&s, (llu_op_kind_t)k, n);
        char par[96];
        if (k == LLU_RBF)
            snprintf(par, sizeof par, "l = %g, nugget = %g", s.length_scale, s.nugget);
        else if (k == LLU_LAPLACE2D || k == LLU_CONVDIFF2D || k == LLU_BIHARM2D)
            snprintf(par, sizeof par, "grid %d x %d%s", s.nx, s.ny,
                     k == LLU_CONVDIFF2D ? ", Peclet p = 1" : "");
        else
            snprintf(par, sizeof par, "%s", k == LLU_CONVDIFF1D ? "Peclet p = 1" : "-");
        checker_row(c, ROW_INFO, 1, "%s|%s|%d|%s|%.4g", llu_op_name(k), llu_op_definition(k), n,
                    par, llu_cond2(ops[k], n));
    }
}

/* ---------------------------------------------------------------- 2. premise */
static void ranks_row(checker_t *c, const char *op, const char *how, int n, int levels, int ex,
                      const double *L, const double *U)
{
    int rL[LLU_MAX_LEVELS], rU[LLU_MAX_LEVELS], fL[LLU_MAX_LEVELS], fU[LLU_MAX_LEVELS];
    char rl[64], ru[64], fl[64], fu[64];
    llu_level_ranks(L, n, levels, 1, RANK_TOL, 0, rL);
    llu_level_ranks(U, n, levels, 0, RANK_TOL, 0, rU);
    llu_level_ranks(L, n, levels, 1, RANK_TOL, 1, fL);
    llu_level_ranks(U, n, levels, 0, RANK_TOL, 1, fU);
    checker_row(c, ROW_INFO, 1, "%s|%s|%d|%d|%s|%s|%s|%s", op, how, n, ex,
                rank_list(rL, levels, rl, sizeof rl), rank_list(rU, levels, ru, sizeof ru),
                rank_list(fL, levels, fl, sizeof fl), rank_list(fU, levels, fu, sizeof fu));
}

static void section_lapack_ranks(checker_t *c, double **ops, int n, int levels)
{
    char cols[320];
    snprintf(cols, sizeof cols,
             "operator|factorization|n|row exchanges|L ranks, level 1..%d (block %d..%d)|U ranks, level 1..%d|"
             "far-field L ranks (near leaf blocks zeroed)|far-field U ranks",
             levels, n / 2, n >> levels, levels);
    checker_section(c, "2a. Premise: ranks of off-diagonal blocks of float64 L and U", cols);
    double *L = malloc(sizeof(double) * n * n), *U = malloc(sizeof(double) * n * n);
    for (int k = 0; k < LLU_NOPS; k++) {
        int ex = llu_lapack_lu(ops[k], n, L, U);
        ranks_row(c, llu_op_name(k), "LAPACK dgetrf, P A = L U", n, levels, ex, L, U);
        if (ex != 0 && llu_nopivot_lu(ops[k], n, L, U) == 0)
            ranks_row(c, llu_op_name(k), "unpivoted Doolittle, A = L U", n, levels, 0, L, U);
    }
    free(L), free(U);
}

/* Exact ranks of one integer matrix; a positive row (band theorem) or a negative control. */
static int exact_row(checker_t *c, const char *name, fmpz_mat_t Z, int levels, int bl, int bu,
                     row_kind_t kind)
{
    llu_exact_ranks_t er;
    if (llu_exact_lu_ranks(Z, levels, RANK_TOL, &er) != 0)
        return -1;
    int holds = er.perm_identity, agree = 1, leaf = er.n >> levels;
    for (int l = 0; l < levels; l++) {
        holds &= er.exact_L[l] <= bl && er.exact_U[l] <= bu;
        if (bl <= leaf && bu <= leaf) /* band inside the near field: nothing far */
            holds &= er.far_L[l] == 0 && er.far_U[l] == 0;
        agree &= er.svd_L[l] == er.exact_L[l] && er.svd_U[l] == er.exact_U[l];
    }
    char a[64], b[64], d[64], e[64], f[64], g[64];
    checker_row(c, kind, holds, "%s|%d|%s|%d / %d|%s|%s|%s|%s|%s|%s|%s|%ld", name, er.n,
                er.perm_identity ? "yes" : "no", bl, bu, rank_list(er.exact_L, levels, a, 64),
                rank_list(er.exact_U, levels, b, 64), rank_list(er.far_L, levels, f, 64),
                rank_list(er.far_U, levels, g, 64), rank_list(er.svd_L, levels, d, 64),
                rank_list(er.svd_U, levels, e, 64), agree ? "yes" : "no", er.height_bits);
    return 0;
}

static int section_exact_ranks(checker_t *c, int n, int b)
{
    int levels = log2_exact(n / b);
    if (n % b || levels < 1)
        return checker_fail(c, "--exact-n %d must be a power of two times the block size %d", n, b);
    checker_section(c, "2b. Premise: exact LU over Q of the integer stencils (claim: block ranks <= bandwidths, far field 0 when the band fits in a leaf block)",
                    "operator|n|P = I|bandwidth w_l / w_u|exact rank L, level 1..|exact rank U|"
                    "exact far-field rank L|exact far-field rank U|"
                    "float64 SVD rank of exact L|of exact U|SVD = exact|height bits");
    for (int k = 0; k < LLU_NOPS; k++) {
        if (!llu_op_is_integer((llu_op_kind_t)k))
            continue;
        llu_op_spec_t s;
        if (llu_op_default(&s, (llu_op_kind_t)k, n) != 0)
            return checker_fail(c, "--exact-n %d is not a valid order for %s", n, llu_op_name(k));
        fmpz_mat_t Z;
        fmpz_mat_init(Z, n, n);
        llu_op_fill_fmpz(Z, &s);
        int bl, bu;
        llu_bandwidths(Z, &bl, &bu);
        int rc = exact_row(c, llu_op_name(k), Z, levels, bl, bu, ROW_POSITIVE);
        if (rc == 0 && k == LLU_LAPLACE1D) { /* negative control: a far corner entry */
            fmpz_add_ui(fmpz_mat_entry(Z, n - 1, 0), fmpz_mat_entry(Z, n - 1, 0), 1);
            fmpz_add_ui(fmpz_mat_entry(Z, 0, n - 1), fmpz_mat_entry(Z, 0, n - 1), 1);
            rc = exact_row(c, "laplace1d + corner entries (control)", Z, levels, bl, bu,
                           ROW_NEGATIVE);
        }
        fmpz_mat_clear(Z);
        if (rc != 0)
            return checker_fail(c, "exact LU failed for %s", llu_op_name(k));
    }
    return 0;
}

/* ---------------------------------------------------------------- 3. representation */
static void section_representation(checker_t *c, const double *A, int n, int b, int r,
                                   unsigned long seed)
{
    llu_pair_t pr;
    llu_pair_init(&pr, n, b, r, 4);
    llu_rng_t *g = llu_rng_create(seed);
    llu_rng_normals(g, pr.theta, pr.nparams);
    size_t eff = llu_net_effective_params(&pr.L) + llu_net_effective_params(&pr.U);
    checker_section(c, "3. Representation (random parameters)", "check|n|b|levels|r|value|bound");
    checker_row(c, ROW_INFO, 1, "parameters L + U stored (effective) vs n^2|%d|%d|%d|%d|%zu (%zu) = %.3f n^2|n^2 = %d",
                n, b, pr.L.levels, r, pr.nparams, eff, (double)eff / ((double)n * n), n * n);
    for (int f = 4; f <= 16; f *= 4) { /* growth: layout only, O(n b + n r) per factor */
        llu_net_t a, u;
        if (llu_net_init(&a, LLU_LOWER, f * n, b, r) == 0 && llu_net_init(&u, LLU_UPPER, f * n, b, r) == 0) {
            size_t np = a.nparams + u.nparams,
                   ne = llu_net_effective_params(&a) + llu_net_effective_params(&u);
            checker_row(c, ROW_INFO, 1, "parameters L + U stored (effective) at %d n (layout only)|%d|%d|%d|%d|%zu (%zu) = %.4f n^2|n^2 = %ld",
                        f, f * n, b, a.levels, r, np, ne, (double)ne / ((double)f * n * f * n),
                        (long)f * n * f * n);
            llu_net_clear(&u);
        }
        llu_net_clear(&a);
    }
    double *M = malloc(sizeof(double) * n * n);
    for (int t = 0; t < 2; t++) {
        llu_net_t *net = t ? &pr.U : &pr.L;
        int pop;
        llu_net_dense(net, M);
        int ok = llu_check_block_triangular(M, n, b, net->tri, &pop);
        checker_row(c, ROW_POSITIVE, ok, "%s applied to I: exact zeros off the block triangle|%d|%d|%d|%d|%d of %d allowed blocks non-zero|all forbidden blocks 0.0",
                    t ? "U" : "L", n, b, net->levels, r, pop, net->m * (net->m + 1) / 2);
        int wrong = llu_check_block_triangular(M, n, b, t ? LLU_LOWER : LLU_UPPER, NULL);
        checker_row(c, ROW_NEGATIVE, wrong, "%s tested as block-%s (control)|%d|%d|%d|%d|-|must fail",
                    t ? "U" : "L", t ? "lower" : "upper", n, b, net->levels, r);
        double e = llu_check_transpose(net, g, 3);
        checker_row(c, ROW_POSITIVE, e <= 1e-12, "%s^T x by the transposed graph vs dense|%d|%d|%d|%d|%.2e|1e-12",
                    t ? "U" : "L", n, b, net->levels, r, e);
    }
    static const char *const what[3] = {"plain loss", "with transpose loss", "block row 1 (block-wise)"};
    for (int t = 0; t < 3; t++) {
        int r0 = t == 2 ? b : 0, r1 = t == 2 ? 2 * b : n;
        double e = llu_check_gradient(&pr, A, t > 0, r0, r1, g, 300, 0);
        checker_row(c, ROW_POSITIVE, e <= 1e-6, "gradient vs central differences, %s (300 params)|%d|%d|%d|%d|%.2e|1e-6",
                    what[t], n, b, pr.L.levels, r, e);
    }
    double e = llu_check_gradient(&pr, A, 1, 0, n, g, 300, 1);
    checker_row(c, ROW_NEGATIVE, e <= 1e-6, "gradient without its transpose part (control)|%d|%d|%d|%d|%.2e|1e-6",
                n, b, pr.L.levels, r, e);
    free(M);
    llu_rng_free(g);
    llu_pair_clear(&pr);
}

/* ---------------------------------------------------------------- 4. training */
typedef struct {
    int n, b, r, samples, plots;
    llu_train_opts_t opts;
    const char *out_dir;
    int runs, losses; /* training runs, and those where the learned LU loses to LAPACK */
} run_setup_t;

static const char *loses_text(const llu_eval_t *ev, char *buf, size_t len)
{
    const llu_metrics_t *m = &ev->m;
    if (m->solve_failed)
        snprintf(buf, len, "learned LOSES: singular diagonal block");
    else
        snprintf(buf, len, "learned LOSES: solution error %.1e x LAPACK's, backward error %.1e x",
                 m->sol_error / m->lapack_sol_error, m->back_error / m->lapack_back_error);
    if (m->sol_error <= m->lapack_sol_error && m->back_error <= m->lapack_back_error)
        snprintf(buf, len, "learned matches or beats LAPACK");
    return buf;
}

static const char *gmres_text(const llu_gmres_result_t *g, char *buf, size_t len)
{
    if (g->converged)
        snprintf(buf, len, "%d", g->iterations);
    else
        snprintf(buf, len, "not converged in %d (res %.1e)", g->iterations, g->rel_resid);
    return buf;
}

static void write_heatmap(checker_t *c, const run_setup_t *su, const double *A, const double *Lm,
                          const double *Um, int k, llu_config_t cfg)
{
    int n = su->n;
    double *E = malloc(sizeof(double) * n * n);
    memcpy(E, A, sizeof(double) * n * n);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, Lm, n, Um, n, -1.0, E, n);
    char path[1024], title[256];
    snprintf(path, sizeof path, "learned_lu_%s_%s.png", llu_op_name(k), llu_config_name(cfg));
    snprintf(title, sizeof title, "|LU - A|, %s, %s, n = %d, b = %d, %ld iterations",
             llu_op_name(k), llu_config_name(cfg), n, su->b, su->opts.iterations);
    char *script = llu_heatmap_script(E, n, title);
    if (script) {
        checker_side_output(c, path, script);
        checker_note(c, "Heat map: learned_lu_%s_%s.png", llu_op_name(k), llu_config_name(cfg));
    }
    free(script);
    free(E);
}

/* Full loss at the first curve point at or after 10% of the steps (convergence speed). */
static double early_loss(const llu_train_stats_t *st, long iterations)
{
    for (int i = 0; i < st->ncurve; i++)
        if (st->curve_step[i] >= iterations / 10)
            return st->curve_loss[i];
    return st->final_loss;
}

/* Training curves of the three configurations of operator K in one PNG (log scale). */
static void write_curves(checker_t *c, const run_setup_t *su, int k, const llu_train_stats_t *st)
{
    size_t cap = 8192 + (size_t)LLU_NCONFIGS * LLU_CURVE_MAX * 48, len = 0;
    char *s = malloc(cap), path[1024];
    len += (size_t)snprintf(s + len, cap - len,
                            "set title 'full loss ||LU - A||_F^2 / n^2 during training, %s, n = %d' noenhanced\n"
                            "set logscale y\nset xlabel 'Adam step'\nset ylabel 'loss'\nset key top right\n",
                            llu_op_name(k), su->n);
    for (int cfg = 0; cfg < LLU_NCONFIGS; cfg++) {
        len += (size_t)snprintf(s + len, cap - len, "$D%d << EOD\n", cfg);
        for (int i = 0; i < st[cfg].ncurve; i++)
            len += (size_t)snprintf(s + len, cap - len, "%ld %.6e\n", st[cfg].curve_step[i],
                                    st[cfg].curve_loss[i]);
        len += (size_t)snprintf(s + len, cap - len, "EOD\n");
    }
    len += (size_t)snprintf(s + len, cap - len, "plot $D0 w lp t '%s', $D1 w lp t '%s', $D2 w lp t '%s'\n",
                            llu_config_name(0), llu_config_name(1), llu_config_name(2));
    snprintf(path, sizeof path, "learned_lu_%s_training.png", llu_op_name(k));
    if (len < cap) {
        checker_side_output(c, path, s);
        checker_note(c, "Training curves: learned_lu_%s_training.png", llu_op_name(k));
    }
    free(s);
}

static int train_one(checker_t *c, run_setup_t *su, const double *A, int k, llu_config_t cfg,
                     llu_train_stats_t *stp)
{
    int n = su->n;
    llu_pair_t pr;
    if (llu_pair_init(&pr, n, su->b, su->r, su->opts.batch) != 0)
        return -1;
    llu_rng_t *g = llu_rng_create(c->seed * 1000 + (unsigned long)k); /* same start per operator */
    double d = 0;
    for (int i = 0; i < n; i++)
        d += fabs(A[(size_t)i * n + i]) / n;
    llu_pair_randomize(&pr, g, sqrt(d));
    llu_train_opts_t o = su->opts;
    o.config = cfg;
    llu_train_stats_t st;
    memset(&st, 0, sizeof st);
    char label[96], l1[160], g1[64], g2[64];
    snprintf(label, sizeof label, "%s/%s", llu_op_name(k), llu_config_name(cfg));
    int rc = llu_train(&pr, A, &o, g, label, &st);
    double *Lm = malloc(sizeof(double) * n * n), *Um = malloc(sizeof(double) * n * n);
    llu_eval_t ev;
    llu_rng_t *ge = llu_rng_create(c->seed * 1000 + 500 + (unsigned long)k); /* same rhs per operator */
    if (rc == 0)
        rc = llu_evaluate(A, &pr, ge, su->samples, Lm, Um, &ev);
    llu_rng_free(ge);
    if (rc == 0) {
        checker_row(c, ROW_INFO, 1,
                    "%s|%s|%ld|%d|%.1f|%.3e|%.3e|%.3e|%.3e|%.3e|%.3e|%.3e|%.4g|%.4g|%.2e|%.3g|%s|%s|%s",
                    llu_op_name(k), llu_config_name(cfg), st.iterations, o.batch, st.seconds,
                    early_loss(&st, o.iterations), st.final_loss, ev.m.op_error, ev.m.sol_error, ev.m.lapack_sol_error,
                    ev.m.back_error, ev.m.lapack_back_error, llu_cond2(A, n), ev.m.cond_lu,
                    ev.m.asymmetry, ev.m.corner_ratio,
                    gmres_text(&ev.none, g1, sizeof g1),
                    ev.precond_failed ? "preconditioner singular" : gmres_text(&ev.learned, g2, sizeof g2),
                    loses_text(&ev, l1, sizeof l1));
        checker_side_output(c, "runs", ev.m.sol_error <= ev.m.lapack_sol_error &&
                                           ev.m.back_error <= ev.m.lapack_back_error ? "1 0" : "1 1");
        if (su->plots)
            write_heatmap(c, su, A, Lm, Um, k, cfg);
    }
    *stp = st;
    free(Lm), free(Um);
    llu_rng_free(g);
    llu_pair_clear(&pr);
    return rc;
}

/* One cell per operator: its three training configurations and their curves. */
typedef struct {
    run_setup_t *su;
    double **ops;
} training_ctx_t;

static void training_cell(checker_t *c, long k, void *vctx)
{
    training_ctx_t *t = vctx;
    llu_train_stats_t st[LLU_NCONFIGS];
    memset(st, 0, sizeof st);
    for (int cfg = 0; cfg < LLU_NCONFIGS; cfg++)
        if (train_one(c, t->su, t->ops[k], (int)k, (llu_config_t)cfg, &st[cfg]) != 0) {
            checker_side_output(c, "failed", llu_op_name((int)k));
            return;
        }
    if (t->su->plots)
        write_curves(c, t->su, (int)k, st);
}

static void training_label(long k, void *ctx, char *buf, size_t len)
{
    (void)ctx;
    snprintf(buf, len, "operator %s", llu_op_name((int)k));
}

/* The side outputs of the cells, in cell order: plots kept until the table can be written,
 * run and loss counts, failures. */
typedef struct {
    char **path, **script;
    int nplots;
    char *failed;
    run_setup_t *su;
} side_t;

static void on_side_output(checker_t *c, const char *name, const char *data, void *ctx)
{
    side_t *sd = ctx;
    (void)c;
    if (strcmp(name, "runs") == 0) {
        int runs = 0, losses = 0;
        if (sscanf(data, "%d %d", &runs, &losses) == 2) {
            sd->su->runs += runs;
            sd->su->losses += losses;
        }
    } else if (strcmp(name, "failed") == 0) {
        if (!sd->failed)
            sd->failed = strdup(data);
    } else {
        sd->path = realloc(sd->path, (size_t)(sd->nplots + 1) * sizeof *sd->path);
        sd->script = realloc(sd->script, (size_t)(sd->nplots + 1) * sizeof *sd->script);
        sd->path[sd->nplots] = strdup(name);
        sd->script[sd->nplots++] = strdup(data);
    }
}

static void side_free(side_t *sd)
{
    for (int i = 0; i < sd->nplots; i++)
        free(sd->path[i]), free(sd->script[i]);
    free(sd->path);
    free(sd->script);
    free(sd->failed);
}

static int section_training(checker_t *c, run_setup_t *su, double **ops, side_t *sd)
{
    checker_section(c, "4. Learned L U vs LAPACK dgetrf/dgetrs (mean over the right-hand sides)",
                    "operator|configuration|iterations|batch|~seconds|loss after 10% of the steps|"
                    "final loss (mean squared entry of LU - A)|"
                    "operator error (Frobenius, relative)|solution error learned|solution error LAPACK|"
                    "backward error learned|backward error LAPACK|cond(A)|cond(LU)|"
                    "asymmetry of LU|error first/last diagonal block|"
                    "GMRES its (none)|GMRES its (learned LU)|against LAPACK");
    training_ctx_t t = {su, ops};
    if (checker_run_named_cells(c, "training", LLU_NOPS, training_cell, training_label, &t, 1) != 0)
        return checker_fail(c, "a cell could not be computed or stored");
    if (sd->failed)
        return checker_fail(c, "training or evaluation failed for %s", sd->failed);
    return 0;
}

/* ---------------------------------------------------------------- main */
static int check_configuration(checker_t *c, int n, int b, int r)
{
    llu_net_t net;
    if (llu_net_init(&net, LLU_LOWER, n, b, r) != 0)
        return checker_fail(c, "bad configuration --n %d --block %d --rank %d (see the line above)",
                            n, b, r);
    llu_net_clear(&net);
    if (opt_iters < n / b || opt_batch < 1 || opt_batch > n || opt_lr_micro < 1 || opt_samples < 1)
        return checker_fail(c, "need --iters >= n/b, 1 <= --batch <= n, --lr-micro >= 1, --samples >= 1");
    return 0;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) /* quick-mode defaults; explicit options still override */
        if (strcmp(argv[i], "--quick") == 0) {
            opt_n = 64, opt_block = 16, opt_rank = 4, opt_iters = 400, opt_batch = 16;
            opt_exact_n = 64, opt_samples = 50;
        }
    checker_t c;
    int rc = checker_start(&c, &info, argc, argv);
    if (rc != CHECKER_RUN)
        return rc;
    openblas_set_num_threads(1); /* small blocks; the machine is shared */
    int n = (int)opt_n, b = (int)opt_block, r = (int)opt_rank;
    int plots = opt_plots < 0 ? !c.quick : opt_plots != 0;
    if (check_configuration(&c, n, b, r) != 0)
        return 2;
    checker_param(&c, "configuration", "n = %d, block size b = %d, levels = %d, rank r = %d", n, b,
                  log2_exact(n / b), r);
    checker_param(&c, "training", "Adam, base lr %.2g, warm-up + cosine schedule, %ld steps, batch %ld unit vectors",
                  opt_lr_micro * 1e-6, opt_iters, opt_batch);
    checker_param(&c, "ranks", "singular values > %.0e * ||F||_2 (LAPACK dgesvd)", RANK_TOL);
    double *ops[LLU_NOPS];
    for (int k = 0; k < LLU_NOPS; k++) {
        llu_op_spec_t s;
        ops[k] = malloc(sizeof(double) * n * n);
        if (llu_op_default(&s, (llu_op_kind_t)k, n) != 0 || llu_op_fill(ops[k], &s) != 0)
            return checker_fail(&c, "cannot build %s at n = %d", llu_op_name(k), n);
    }
    section_operators(&c, ops, n);
    section_lapack_ranks(&c, ops, n, log2_exact(n / b));
    if (section_exact_ranks(&c, (int)opt_exact_n, b) != 0)
        return 2;
    section_representation(&c, ops[LLU_CONVDIFF1D], n, b, r, c.seed);
    run_setup_t su = {n, b, r, (int)opt_samples, plots,
                      {LLU_PLAIN, opt_iters, (int)opt_batch, opt_lr_micro * 1e-6}, c.out_dir, 0, 0};
    side_t sd = {NULL, NULL, 0, NULL, &su};
    c.side_output = on_side_output;
    c.side_ctx = &sd;
    if (section_training(&c, &su, ops, &sd) != 0) {
        side_free(&sd);
        return 2;
    }
    if (checker_cells_complete(&c)) /* plots only with the table */
        for (int i = 0; i < sd.nplots; i++) { /* side outputs are named without the folder */
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", c.out_dir, sd.path[i]);
            expplot_png(path, sd.script[i]);
        }
    side_free(&sd);
    checker_note(&c, "The learned block LU loses to LAPACK dgetrf/dgetrs (larger solution or backward "
                 "error) in %d of %d training runs.", su.losses, su.runs);
    checker_note(&c, "Definitions. Operator error ||LU - A||_F / ||A||_F. Solution error "
                 "||x - x_true|| / ||x_true|| and backward error ||A x - b|| / (||A||_2 ||x|| + ||b||), "
                 "means over %d standard-normal x_true (the same for all configurations of an operator), "
                 "x by block forward/back substitution through the learned factors; LAPACK columns: "
                 "dgetrf/dgetrs on the same right-hand sides. Asymmetry ||LU - (LU)^T||_F / ||LU||_F. "
                 "First/last diagonal block: ||(LU - A)_00||_F / ||(LU - A)_mm||_F. GMRES: full GMRES, "
                 "right preconditioning, x0 = 0, stop at residual estimate 1e-10 ||b||; 'not converged' "
                 "gives the true relative residual at exit. Far-field ranks: the neighbour block with the "
                 "near leaf blocks (|I - J| <= 1, carried by the dense outer bridge) set to zero.",
                 su.samples);
    for (int k = 0; k < LLU_NOPS; k++)
        free(ops[k]);
    return checker_finish(&c);
}
