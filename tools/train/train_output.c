/* train_output.c - per-epoch line on stdout, the CSV (rewritten atomically after every
 * epoch, so an interrupted run leaves a complete file) and the PNG learning curve. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "train_cli.h"
#include "trainer/expplot.h"

static void pct(char *buf, size_t len, double acc)
{
    if (acc < 0) snprintf(buf, len, "-");
    else snprintf(buf, len, "%.2f", 100 * acc);
}

static void num(char *buf, size_t len, double v, const char *fmt)
{
    if (v < 0) snprintf(buf, len, "-");
    else snprintf(buf, len, fmt, v);
}

void train_output_epoch(const train_epoch_t *e, int replayed, void *ctx)
{
    train_output_t *out = ctx;
    if (out->nrows == out->cap) {
        int cap = out->cap ? 2 * out->cap : 16;
        train_epoch_t *r = realloc(out->rows, (size_t)cap * sizeof *r);
        if (!r) { out->failed = 1; return; }
        out->rows = r;
        out->cap = cap;
    }
    out->rows[out->nrows++] = *e;
    char tra[16], va[16], te[16], dead[16];
    pct(tra, sizeof tra, e->train_acc);
    pct(va, sizeof va, e->val_acc);
    pct(te, sizeof te, e->test_acc);
    num(dead, sizeof dead, e->dead_frac * 100, "%.1f%%");
    printf("epoch %3d  train_loss %.4f  train_acc %s  val_acc %s  test_acc %s  dead %s  lr %.3g  %.2f s%s%s\n",
           e->epoch, e->train_loss, tra, va, te, dead, e->lr, e->seconds, e->best ? "  *best" : "",
           replayed ? "  (from checkpoint)" : "");
    fflush(stdout);
    if (out->o->csv && train_output_csv(out, out->o->csv)) out->failed = 1;
}

int train_output_csv(const train_output_t *out, const char *path)
{
    size_t cap = 256 + (size_t)out->nrows * 256, len = 0;
    char *buf = malloc(cap);
    if (!buf) return -1;
    len += (size_t)snprintf(buf, cap, "epoch,train_loss,train_acc,val_acc,test_acc,seconds,val_loss,test_loss,dead_frac,lr\n");
    for (int i = 0; i < out->nrows; i++) {
        const train_epoch_t *e = &out->rows[i];
        char va[32], te[32], vl[32], tl[32], dd[32];
        snprintf(va, sizeof va, e->val_acc < 0 ? "" : "%.4f", 100 * e->val_acc);
        snprintf(te, sizeof te, e->test_acc < 0 ? "" : "%.4f", 100 * e->test_acc);
        snprintf(vl, sizeof vl, e->val_loss < 0 ? "" : "%.6f", e->val_loss);
        snprintf(tl, sizeof tl, e->test_loss < 0 ? "" : "%.6f", e->test_loss);
        snprintf(dd, sizeof dd, e->dead_frac < 0 ? "" : "%.6f", e->dead_frac);
        len += (size_t)snprintf(buf + len, cap - len, "%d,%.6f,%.4f,%s,%s,%.3f,%s,%s,%s,%.6g\n",
                                e->epoch, e->train_loss, 100 * e->train_acc, va, te, e->seconds, vl,
                                tl, dd, e->lr);
    }
    int rc = report_write_atomic(path, buf, len);
    free(buf);
    if (rc) fprintf(stderr, "train: %s: cannot write the CSV\n", path);
    return rc;
}

int train_output_plot(const train_output_t *out, const char *path)
{
    size_t cap = 1024 + (size_t)out->nrows * 128, len = 0;
    char *s = malloc(cap);
    if (!s) return -1;
    len += (size_t)snprintf(s + len, cap - len, "$D << EOD\n");
    for (int i = 0; i < out->nrows; i++) {
        const train_epoch_t *e = &out->rows[i];
        len += (size_t)snprintf(s + len, cap - len, "%d %.4f %.4f %.4f %.6f\n", e->epoch,
                                100 * e->train_acc, e->val_acc < 0 ? -1 : 100 * e->val_acc,
                                e->test_acc < 0 ? -1 : 100 * e->test_acc, e->train_loss);
    }
    int has_val = out->nrows && out->rows[0].val_acc >= 0, has_test = out->nrows && out->rows[0].test_acc >= 0;
    len += (size_t)snprintf(s + len, cap - len,
        "EOD\nset title 'train: %s, rank %ld, %s lr %g, batch %ld'\n"
        "set xlabel 'epoch'\nset ylabel 'accuracy (%%)'\nset y2label 'training loss'\n"
        "set ytics nomirror\nset y2tics\nset key bottom right\nset grid\n"
        "plot $D using 1:2 with linespoints title 'train (running)'%s%s, "
        "$D using 1:5 axes x1y2 with lines dashtype 2 title 'train loss'\n",
        layer_class_name(out->o->cls), out->o->rank, out->o->adam ? "adam" : "sgd", out->o->lr,
        out->o->batch, has_val ? ", $D using 1:3 with linespoints title 'validation'" : "",
        has_test ? ", $D using 1:4 with linespoints title 'test'" : "");
    int rc = expplot_png(path, s);
    free(s);
    return rc;
}
