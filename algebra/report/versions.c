/* versions.c -- library versions recorded in every table (declared in report.h).
 * Kept apart because <cblas.h> must not meet GSL headers in one translation unit. */
#include "report/report.h"

#include <arb.h>
#include <fftw3.h>
#include <flint/flint.h>
#include <gmp.h>
#include <gsl/gsl_version.h>
#include <mpfr.h>
#include <stdio.h>
#include <string.h>

char *openblas_get_config(void);

const char *report_library_versions(void)
{
    static char buf[512];
    if (buf[0])
        return buf;
    char blas[64];
    snprintf(blas, sizeof blas, "%s", openblas_get_config());
    char *sp = strchr(blas, ' ');
    if (sp && (sp = strchr(sp + 1, ' ')))
        *sp = '\0'; /* "OpenBLAS 0.3.21" */
    snprintf(buf, sizeof buf, "GMP %s, MPFR %s, FLINT %s, Arb %d.%d.%d, FFTW %s, %s, GSL %s",
             gmp_version, mpfr_get_version(), FLINT_VERSION, __ARB_VERSION, __ARB_VERSION_MINOR,
             __ARB_VERSION_PATCHLEVEL, fftw_version + 5, blas, GSL_VERSION);
    return buf;
}
