/* optim.h - first-order optimizers for the float64 trainer (issue 6).
 *
 * Operates on one flat parameter vector of length nparams (callers pack all
 * trainable tensors into it).  Two methods:
 *   OPTIM_SGD_MOMENTUM  v <- momentum*v + g + wd*p ;  p <- p - lr*v   (heavy ball,
 *                       weight decay as L2 added to the gradient)
 *   OPTIM_ADAM          Kingma & Ba (2015) with bias correction; weight decay is
 *                       decoupled (AdamW form): p <- p - lr*(mhat/(sqrt(vhat)+eps) + wd*p)
 * Deterministic: no randomness, plain sequential loops. */
#ifndef EXPERIMENTS_TRAINER_OPTIM_H
#define EXPERIMENTS_TRAINER_OPTIM_H

#include <stddef.h>

typedef enum { OPTIM_SGD_MOMENTUM, OPTIM_ADAM } optim_kind_t;

typedef struct {
    optim_kind_t kind;
    double lr;           /* learning rate (base; see optim_set_lr / optim_schedule_lr) */
    double momentum;     /* SGD only */
    double beta1, beta2; /* Adam only */
    double eps;          /* Adam only */
    double weight_decay; /* >= 0 */
} optim_config_t;

typedef struct optim optim_t;

/* SGD: lr 0.01, momentum 0.9; Adam: lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8;
 * weight_decay 0 for both. */
optim_config_t optim_default_config(optim_kind_t kind);

/* NULL on allocation failure or invalid config (lr < 0, momentum/betas outside [0,1),
 * eps <= 0 for Adam, weight_decay < 0, nparams == 0). State starts at zero. */
optim_t *optim_create(const optim_config_t *cfg, size_t nparams);

/* One update of params[0..nparams) in place from grads[0..nparams). */
void optim_step(optim_t *o, double *params, const double *grads);

void optim_set_lr(optim_t *o, double lr);
double optim_get_lr(const optim_t *o);
size_t optim_nparams(const optim_t *o);
long optim_steps_taken(const optim_t *o);

/* Reset moment buffers and the step counter (keeps config and lr). */
void optim_reset(optim_t *o);

/* Learning-rate schedule: linear warm-up over the first min(5% of total, 500)
 * steps from base_lr/10, then cosine decay from base_lr to base_lr/100 at
 * step total_steps.  step < 0 is treated as 0, step >= total_steps gives the
 * final value; total_steps <= 0 returns base_lr (constant schedule). */
double optim_schedule_lr(double base_lr, long step, long total_steps);

/* The whole state (step counter and moment buffers) as bytes, for checkpoints:
 * optim_state_bytes(o) bytes; load checks the size and returns -1 on a mismatch. */
size_t optim_state_bytes(const optim_t *o);
void optim_state_save(const optim_t *o, void *buf);
int optim_state_load(optim_t *o, const void *buf, size_t len);

void optim_free(optim_t *o);

#endif
