/* fft_count.c -- the process-wide sink of fft_count.h. */
#include <string.h>

#include "fast/fft_count.h"

fft_count_t *fft_count_sink = NULL;

void fft_count_start(fft_count_t *c)
{
    memset(c, 0, sizeof *c);
    fft_count_sink = c;
}

void fft_count_stop(void) { fft_count_sink = NULL; }
