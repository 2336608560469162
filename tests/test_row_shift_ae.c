/* Unit tests: algebra/equivariant/row_shift_ae (closed-form dense and equivariant linear
 * autoencoders of Sattelberger's MNIST slides) on seeded synthetic 28 x 28 images. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include <flint/flint.h>
#include <flint/ulong_extras.h>

#include "equivariant/row_shift_ae.h"

static double *synthetic_images(long count, flint_rand_t st)
{
    double *X = malloc(sizeof(double) * (size_t)count * RSAE_DIM);
    for (long q = 0; q < count * RSAE_DIM; q++) /* sparse bytes, like digits */
        X[q] = n_randint(st, 3) == 0 ? (double)n_randint(st, 256) / 255.0 : 0.0;
    return X;
}

Test(row_shift_ae, losses_projectors_and_equivariance)
{
    flint_rand_t st;
    flint_randinit(st);
    long ntr = 300, nte = 50;
    double *Xtr = synthetic_images(ntr, st), *Xte = synthetic_images(nte, st);
    rsae_moments_t tr, te;
    rsae_moments_init(&tr);
    rsae_moments_init(&te);
    rsae_moments_add(&tr, Xtr, ntr);
    rsae_moments_add(&te, Xte, nte);
    rsae_spectra_t sp;
    rsae_spectra_compute(&sp, &tr);
    cr_assert(sp.ok);
    /* Parseval */
    double tf = 0;
    for (int k = 0; k < RSAE_NFREQ; k++)
        tf += rsae_trace(tr.B[k], rsae_block_dim(k));
    cr_assert(fabs(tf / RSAE_SIDE - rsae_trace(tr.S, RSAE_DIM)) < 1e-10 * tf);
    double dtr, dte, etr, ete, btr, bte;
    int best[RSAE_NFREQ];
    rsae_dense_losses(&dtr, &dte, &sp, &tr, &te);
    rsae_equivariant_losses(&etr, &ete, rsae_slides_r, &sp, &tr, &te);
    rsae_best_component(best, &sp);
    rsae_equivariant_losses(&btr, &bte, best, &sp, &tr, &te);
    int total = 0;
    for (int k = 0; k < RSAE_NFREQ; k++)
        total += rsae_block_rank(k, best[k]);
    cr_assert_eq(total, RSAE_RANK);
    cr_assert(dtr <= btr * (1 + 1e-9) && btr <= etr * (1 + 1e-9));
    cr_assert(dtr < etr); /* random images: the rank constraint per block costs something */
    cr_assert_eq(rsae_param_count(rsae_slides_r), 5544);
    /* the pixel-basis projectors reproduce the losses and commute (or not) with sigma */
    double *M = rsae_equivariant_projector(rsae_slides_r, &sp), *P = rsae_dense_projector(&sp);
    cr_assert(fabs(rsae_recon_loss(M, Xtr, ntr) - etr) < 1e-9 * etr);
    cr_assert(fabs(rsae_recon_loss(P, Xte, nte) - dte) < 1e-9 * dte);
    cr_assert(rsae_commutes_exactly(M, Xte));
    cr_assert(!rsae_commutes_exactly(P, Xte));
    free(M);
    free(P);
    rsae_spectra_clear(&sp);
    rsae_moments_clear(&tr);
    rsae_moments_clear(&te);
    free(Xtr);
    free(Xte);
    flint_randclear(st);
}
