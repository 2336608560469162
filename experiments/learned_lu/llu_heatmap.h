/* llu_heatmap.h -- PNG heat map of log10 |L U - A| (papers/learned_lu_fmm_blocks.txt,
 * "Evaluation": "we also visually look at the error matrix").  Drawn by gnuplot through the
 * shared trainer helper (experiments/trainer/expplot.h), written atomically. */
#ifndef EXPERIMENTS_LEARNED_LU_HEATMAP_H
#define EXPERIMENTS_LEARNED_LU_HEATMAP_H

/* Heat map of log10 |E_ij| (n x n row-major; exact zeros drawn at -17) with TITLE to PATH.
 * 0, or -1 (one line on stderr) if gnuplot fails. */
int llu_heatmap_png(const char *path, const double *E, int n, const char *title);

/* The gnuplot script of that heat map (malloc'd; the caller frees it), for a program that
 * writes its plots later (a cell's side output). */
char *llu_heatmap_script(const double *E, int n, const char *title);

#endif
