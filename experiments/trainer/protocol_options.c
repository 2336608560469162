/* protocol_options.c -- quick / reduced / full configurations of the protocol drivers
 * (protocol_options.h). */
#include "trainer/protocol_options.h"

int protocol_options_resolve(const checker_t *c, const protocol_options_t *o, const protocol_defaults_t *d,
                             psweep_plan_t *p, long *ntrain, long *ntest, const char **why)
{
    int full = o->full != 0, quick = c->quick && !full;
    long epochs = o->epochs ? o->epochs : full ? d->full_epochs : quick ? 2 : d->epochs;
    long patience = o->patience ? o->patience : full ? 5 : quick ? 1 : 3;
    long seeds = o->seeds ? o->seeds : full ? d->full_seeds : quick ? 2 : 3;
    long select = o->select ? o->select : full || quick ? 2 : 1;
    *ntrain = o->train ? o->train : full ? 0 : quick ? 300 : d->train;
    *ntest = o->test ? o->test : full ? 0 : quick ? 300 : d->test;
    *why = "bad --epochs/--patience/--seeds/--select/--train/--test (positive; --seeds <= 10; --select 1 or 2)";
    if (epochs < 1 || epochs > 100000 || patience < 1 || seeds < 1 || seeds > PSWEEP_MAXSEEDS ||
        select < 1 || select > 2 || *ntrain < 0 || *ntest < 0)
        return -1;
    p->proto = protocol_default(o->adam ? OPTIM_ADAM : OPTIM_SGD_MOMENTUM, (int)epochs, (int)patience);
    if (quick) { /* two rates two decades apart: the smoke run of the protocol */
        p->proto.lr[1] = p->proto.lr[p->proto.nlr - 1];
        p->proto.nlr = 2;
    }
    p->nseeds = (int)seeds;
    p->select_seeds = select == 1 ? 1 : (int)seeds;
    return 0;
}

psweep_plan_t protocol_options_full_plan(const psweep_plan_t *p, const protocol_defaults_t *d)
{
    psweep_plan_t f = *p;
    f.proto = protocol_default(p->proto.optim, d->full_epochs, 5);
    f.nseeds = f.select_seeds = d->full_seeds;
    return f;
}
