/* report.h -- the one results writer, and the progress line.
 *
 * A report is a titled table (optionally in several sections, each with its own columns)
 * with a metadata header: statement checked, seed, parameters, library versions, wall time.
 * report_close() writes DIR/NAME.md and DIR/NAME.csv atomically (temporary file + rename),
 * so a crash or an error never leaves a half-written result file.
 *
 * CSV layout: '#'-prefixed metadata lines, then one header row
 *   section,<union of all section columns in order of first appearance>
 * and one row per table row (cells absent in a section are empty).  Readers such as
 * pandas.read_csv(path, comment='#') load it directly.
 *
 * Error convention (library-wide): functions returning int return 0 on success and
 * -1 on failure after printing one line "NAME: reason" to stderr.
 */
#ifndef ALGEBRA_REPORT_H
#define ALGEBRA_REPORT_H

#include <stdarg.h>
#include <stddef.h>

typedef struct report report_t;

/* Start a report that will be written to DIR/NAME.{md,csv}.  TITLE is the table title,
 * STATEMENT names the source (paper file + numbering).  Starts the wall clock. */
report_t *report_open(const char *dir, const char *name, const char *title,
                      const char *statement);

/* Metadata line "- KEY: value" (printf-style).  Call any time before report_close. */
void report_meta(report_t *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Free-text paragraph printed under the table in the Markdown file (notes, definitions). */
void report_note(report_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Begin a section with its own columns: COLUMNS is a '|'-separated list, e.g.
 * "family|n|r|bound|observed|~seconds|verdict".  A column written "~name" is a timing
 * column (shown as "name"): its values change from run to run, so the header lists it
 * ("- timing columns: a; b", CSV "# timing columns: a; b") and table comparisons
 * (tools/sweep compare) ignore it, with the "wall time" line.  A report with a single section may pass
 * SECTION_TITLE = NULL. */
void report_section(report_t *r, const char *section_title, const char *columns);

/* Append a row to the current section: FMT expands to '|'-separated cells. */
void report_row(report_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Overall verdict line shown in the header and in results/README.md. */
void report_verdict(report_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* printf into a fresh heap string (caller frees). */
char *report_vformat(const char *fmt, va_list ap);

/* Seconds since report_open. */
double report_elapsed(const report_t *r);

/* Write both files atomically and free R.  Returns 0 on success, -1 on I/O failure
 * (an error line is printed and no partial file is left behind). */
int report_close(report_t *r);

/* Free R without writing anything (error paths). */
void report_discard(report_t *r);

/* Library versions as one human-readable line ("GMP 6.2.1, MPFR 4.2.0, FLINT 2.9.0, ..."). */
const char *report_library_versions(void);

/* Write TEXT to PATH atomically (PATH.tmp.XXXXXX then rename).  0 on success, -1 on error
 * (one line on stderr).  Safe outputs: only a regular file is written.  A directory, device,
 * FIFO or socket is refused, and so is a file without write bits (even for root); a symlink
 * to a regular file is followed (its target is replaced, keeping the link; a note says so),
 * a dangling one or one to anything else is refused.  A replaced file keeps its mode. */
int report_write_atomic(const char *path, const char *text, size_t len);

/* The check report_write_atomic makes before writing, alone (writes nothing): 0 with REAL =
 * the file that will be written (PATH, or a symlink's target) and MODE its mode bits; -1 with
 * ERR = "PATH: is a directory: refused ..." and so on.  Tools call it on every output before
 * computing, so that a refused target costs nothing and no other output is written. */
int report_output_target(const char *path, char *real, size_t reallen, unsigned *mode, char *err,
                         size_t errlen);

/* ---------------------------------------------------------------- progress line
 * A single self-overwriting line on stderr: "label  done/total  extra  ETA 12s".
 * Silent when stderr is not a terminal or when progress_set_quiet(1) was called. */
typedef struct progress {
    const char *label;
    long total;
    double start;
    double last_draw;
    int active;
} progress_t;

void progress_set_quiet(int quiet);
int progress_is_quiet(void);
void progress_start(progress_t *p, const char *label, long total);
void progress_update(progress_t *p, long done, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void progress_end(progress_t *p);

/* Monotonic wall clock in seconds. */
double wall_seconds(void);

#endif
