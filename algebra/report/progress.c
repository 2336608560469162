/* progress.c -- the progress line on stderr (declared in report.h). */
#include "report/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static int quiet_flag;

void progress_set_quiet(int quiet) { quiet_flag = quiet; }

int progress_is_quiet(void) { return quiet_flag || !isatty(STDERR_FILENO); }

void progress_start(progress_t *p, const char *label, long total)
{
    p->label = label;
    p->total = total;
    p->start = wall_seconds();
    p->last_draw = 0;
    p->active = !progress_is_quiet();
}

void progress_update(progress_t *p, long done, const char *fmt, ...)
{
    if (!p->active)
        return;
    double now = wall_seconds();
    if (now - p->last_draw < 0.2 && done < p->total)
        return;
    p->last_draw = now;
    double el = now - p->start;
    char extra[160] = "";
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(extra, sizeof extra, fmt, ap);
        va_end(ap);
    }
    double eta = done > 0 && p->total > 0 ? el * (double)(p->total - done) / (double)done : 0;
    fprintf(stderr, "\r\033[K%s  %ld/%ld  %s  %.0fs elapsed, ETA %.0fs", p->label, done, p->total,
            extra, el, eta);
    fflush(stderr);
}

void progress_end(progress_t *p)
{
    if (p->active) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
    }
    p->active = 0;
}
