/* train_state.c - checkpoint files of training runs (see train_state.h). */
#include "trainer/train_state.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define TRAIN_STATE_MAGIC "ldrtrn2\n"
#define TRAIN_STATE_NHDR 12
/* refuse absurd sizes before allocating (a corrupt header must not allocate terabytes) */
#define TRAIN_STATE_MAX ((uint64_t)1 << 34)

static size_t state_tail_bytes(const train_state_t *s, size_t taglen)
{
    return taglen + 2 * s->nparams * sizeof(double) + s->optim_len + s->rng_len +
           (size_t)s->count * sizeof(int64_t) + (size_t)s->nhist * sizeof(train_epoch_t);
}

int train_state_save(const char *path, const train_state_t *s)
{
    size_t taglen = s->tag ? strlen(s->tag) : 0;
    size_t len = 8 + TRAIN_STATE_NHDR * 8 + state_tail_bytes(s, taglen);
    char *buf = malloc(len), *p = buf;
    if (!buf) { fprintf(stderr, "train: %s: out of memory for the checkpoint\n", path); return -1; }
    uint64_t h[TRAIN_STATE_NHDR] = {
        s->nparams, (uint64_t)s->count, (uint64_t)s->epochs_done, (uint64_t)s->step,
        s->optim_len, s->rng_len, taglen, 0, (uint64_t)(int64_t)s->best_epoch,
        (uint64_t)(int64_t)s->bad_epochs, (uint64_t)s->nhist, 0,
    };
    memcpy(&h[7], &s->best_val, 8);
    memcpy(p, TRAIN_STATE_MAGIC, 8); p += 8;
    memcpy(p, h, sizeof h); p += sizeof h;
    if (taglen) { memcpy(p, s->tag, taglen); p += taglen; }
    memcpy(p, s->params, s->nparams * sizeof(double)); p += s->nparams * sizeof(double);
    memcpy(p, s->best, s->nparams * sizeof(double)); p += s->nparams * sizeof(double);
    memcpy(p, s->optim, s->optim_len); p += s->optim_len;
    memcpy(p, s->rng, s->rng_len); p += s->rng_len;
    for (long i = 0; i < s->count; i++) {
        int64_t v = s->order[i];
        memcpy(p, &v, 8); p += 8;
    }
    memcpy(p, s->hist, (size_t)s->nhist * sizeof(train_epoch_t));
    int rc = report_write_atomic(path, buf, len);
    free(buf);
    if (rc) fprintf(stderr, "train: %s: cannot write the checkpoint\n", path);
    return rc;
}

void train_state_free(train_state_t *s)
{
    free(s->tag); free(s->params); free(s->best); free(s->optim); free(s->rng);
    free(s->order); free(s->hist);
    memset(s, 0, sizeof *s);
}

static int state_read(FILE *f, void *dst, size_t n)
{
    return n == 0 || fread(dst, 1, n, f) == n;
}

int train_state_load(const char *path, train_state_t *s)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "train: %s: cannot open the checkpoint\n", path); return -1; }
    char magic[8];
    uint64_t h[TRAIN_STATE_NHDR];
    const char *why = NULL;
    if (!state_read(f, magic, 8) || memcmp(magic, TRAIN_STATE_MAGIC, 8) != 0)
        why = "not a training checkpoint (magic ldrtrn2 missing)";
    else if (!state_read(f, h, sizeof h))
        why = "truncated header";
    else if (h[0] == 0 || h[0] > TRAIN_STATE_MAX || h[1] > TRAIN_STATE_MAX || h[4] > 8 * TRAIN_STATE_MAX ||
             h[5] > TRAIN_STATE_MAX || h[6] > 4096 || h[10] > 1000000 || h[2] > 1000000)
        why = "header sizes out of range";
    if (!why) {
        s->nparams = h[0]; s->count = (long)h[1]; s->epochs_done = (int)h[2];
        s->step = (long)h[3]; s->optim_len = h[4]; s->rng_len = h[5];
        memcpy(&s->best_val, &h[7], 8);
        s->best_epoch = (int)(int64_t)h[8]; s->bad_epochs = (int)(int64_t)h[9];
        s->nhist = (int)h[10];
        s->tag = calloc(h[6] + 1, 1);
        s->params = malloc(s->nparams * sizeof(double));
        s->best = malloc(s->nparams * sizeof(double));
        s->optim = malloc(s->optim_len + 1);
        s->rng = malloc(s->rng_len + 1);
        s->order = malloc(((size_t)s->count + 1) * sizeof(long));
        s->hist = malloc(((size_t)s->nhist + 1) * sizeof(train_epoch_t));
        if (!s->tag || !s->params || !s->best || !s->optim || !s->rng || !s->order || !s->hist)
            why = "out of memory";
    }
    if (!why && !(state_read(f, s->tag, h[6]) && state_read(f, s->params, s->nparams * 8) &&
                  state_read(f, s->best, s->nparams * 8) && state_read(f, s->optim, s->optim_len) &&
                  state_read(f, s->rng, s->rng_len)))
        why = "truncated";
    for (long i = 0; !why && i < s->count; i++) {
        int64_t v;
        if (!state_read(f, &v, 8)) why = "truncated";
        else if (v < 0 || v >= s->count) why = "permutation entry out of range";
        else s->order[i] = (long)v;
    }
    if (!why && !state_read(f, s->hist, (size_t)s->nhist * sizeof(train_epoch_t))) why = "truncated";
    if (!why && fgetc(f) != EOF) why = "trailing bytes";
    fclose(f);
    if (why) {
        fprintf(stderr, "train: %s: %s\n", path, why);
        train_state_free(s);
        return -1;
    }
    return 0;
}
