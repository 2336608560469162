/* expplot.h - PNG plots through gnuplot, written atomically.
 * The script receives the output path; data are passed inline as gnuplot datablocks
 * ($D1, $D2, ...), so nothing but the final PNG is written to the results directory. */
#ifndef EXPERIMENTS_TRAINER_EXPPLOT_H
#define EXPERIMENTS_TRAINER_EXPPLOT_H

/* Run gnuplot on SCRIPT (which must not set the terminal or output) with pngcairo output
 * to PNG_PATH.tmp, then rename to PNG_PATH.  0 on success, -1 (one line on stderr). */
int expplot_png(const char *png_path, const char *script);

#endif
