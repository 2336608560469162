/* expplot.c - run gnuplot, rename the PNG into place. */
#include "trainer/expplot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int expplot_png(const char *png_path, const char *script)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp.plot", png_path);
    if (strchr(tmp, '\'')) { fprintf(stderr, "plot: quote in path %s\n", png_path); return -1; }
    FILE *g = popen("gnuplot 2>/dev/null", "w");
    if (!g) { fprintf(stderr, "plot: cannot run gnuplot (make deps installs gnuplot-nox)\n"); return -1; }
    fprintf(g, "set terminal pngcairo size 900,600 font ',11'\nset output '%s'\n", tmp);
    fputs(script, g);
    fputs("\nunset output\n", g);
    if (pclose(g) != 0) {
        remove(tmp);
        fprintf(stderr, "plot: gnuplot failed for %s\n", png_path);
        return -1;
    }
    if (rename(tmp, png_path) != 0) {
        remove(tmp);
        fprintf(stderr, "plot: cannot write %s\n", png_path);
        return -1;
    }
    return 0;
}
