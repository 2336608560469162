/* llu_heatmap.c -- gnuplot heat map of the error matrix (see llu_heatmap.h). */
#include "learned_lu/llu_heatmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trainer/expplot.h"

char *llu_heatmap_script(const double *E, int n, const char *title)
{
    size_t cap = (size_t)n * n * 10 + 1024, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s + len, cap - len,
                            "set title '%s' noenhanced\nunset key\nset size ratio -1\n"
                            "set xrange [-0.5:%d.5]\nset yrange [%d.5:-0.5]\n"
                            "set cbrange [-17:*]\nset cblabel 'log10 |LU - A|'\n"
                            "set palette rgbformulae 33,13,10\n$M << EOD\n",
                            title, n - 1, n - 1);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double a = fabs(E[(size_t)i * n + j]);
            len += (size_t)snprintf(s + len, cap - len, "%.3g%c", a > 1e-17 ? log10(a) : -17.0,
                                    j + 1 < n ? ' ' : '\n');
        }
    }
    len += (size_t)snprintf(s + len, cap - len, "EOD\nplot $M matrix with image\n");
    if (len >= cap) {
        free(s);
        return NULL;
    }
    return s;
}

int llu_heatmap_png(const char *path, const double *E, int n, const char *title)
{
    char *s = llu_heatmap_script(E, n, title);
    int rc = s ? expplot_png(path, s) : -1;
    free(s);
    return rc;
}
