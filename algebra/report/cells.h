/* cells.h -- resumable, shardable cells: the unit of work of every table.
 *
 * A table is a sequence of independent cells (a checker's (family, n, r) case, a section,
 * an experiment's (class, data set, seed) run).  A cell is identified by its full
 * description
 *
 *     program | code version | run identity (seed, mode, options) | group | cell i of N | label
 *
 * and its KEY is a 128-bit hash of that description (hex, 32 characters).  The code version
 * is "src-" and a hash of the program's sources: the .c files of the objects the linker really
 * used, every header they include, their compile flags and the compiler, with paths relative
 * to the repository root (tools/srchash.sh, run by the link rule, writes it to PROGRAM.srchash
 * next to the executable).  So a change to a source linked in gives new keys (stale cells are
 * never reused), while a rebuild of the same sources elsewhere (another checkout folder,
 * another machine with the same compiler) or a change to a source not linked in keeps them.
 * Without a readable sidecar it falls back to "exe-" and a hash of the executable (any
 * rebuild changes it), and every table header says which ("- code version: ...").
 *
 * A finished cell's output -- an opaque text of records written by the caller -- is stored
 * as one file DIR/KEY.cell, written atomically (temporary file + rename) with a checksum:
 *
 *     structured-cells 1
 *     key <32 hex>
 *     cell <the description, one line>
 *     length <bytes of the records>
 *     <records>
 *     checksum <32 hex: hash of every byte above this line>
 *
 * A file that is truncated, altered, or belongs to another description is reported on
 * stderr and recomputed (in --assemble: counted missing), never merged.
 *
 * Modes (the command-line flags, parsed by cells_parse_flag):
 *   default        compute the cells not in the store, reuse the others, replay all in order
 *   --fresh        recompute every cell (the store is not read; the new cells are written)
 *   --shard K/N    compute (or reuse) only the cells whose global index i has i mod N == K
 *                  (global index = position of the cell over all groups of the program, in
 *                  program order); nothing is replayed, the program writes no table
 *   --assemble     compute nothing: replay every cell from the store; missing cells are
 *                  named and counted (cells_missing), and the program writes no table
 *   --cells DIR    the store (default: <folder of the executable>/../cells/PROGRAM, i.e.
 *                  build/cells/PROGRAM)
 *   --workers N    processes computing cells in parallel (default: the program's choice)
 *
 * Signals: while workers run, SIGTERM/SIGINT/SIGHUP to the parent kill every worker at once
 * (SIGKILL) and then end the parent with the same signal; a worker also dies when its parent
 * dies (PR_SET_PDEATHSIG).  A killed cell leaves no cell file (atomic rename).
 *
 * Errors follow the library convention: -1 after one line "PROGRAM: reason" on stderr.
 */
#ifndef ALGEBRA_CELLS_H
#define ALGEBRA_CELLS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---------------------------------------------------------------- hashing */
typedef struct {
    uint64_t a, b;
} cells_hash_t;

/* 128-bit non-cryptographic hash (two independent 64-bit lanes, FNV-1a with a final
 * avalanche): detects corruption and tells descriptions apart, not an adversary. */
cells_hash_t cells_hash(const void *data, size_t len);
/* 32 lowercase hex digits + NUL into OUT[33]. */
void cells_hash_hex(cells_hash_t h, char out[33]);
/* The running program's code version: "src-" + the 32 hex digits of /proc/self/exe's
 * ".srchash" sidecar; else "exe-" + the hash of the executable; "unknown" if unreadable. */
const char *cells_code_version(void);
/* The same, for a table header: "sources HEX (...)" or "executable HEX (fallback: reason)". */
const char *cells_code_version_header(void);

/* ---------------------------------------------------------------- options */
typedef struct {
    const char *store_dir; /* --cells DIR, NULL: default */
    int fresh;             /* --fresh */
    long shard_k, shard_n; /* --shard K/N; shard_n == 0: not a shard */
    int assemble;          /* --assemble */
    long workers;          /* --workers N; 0: the program's choice */
} cells_opts_t;

/* If ARGV[*I] is one of the flags above, consume it (and its value, advancing *I) and
 * return 1; return 0 if it is not ours, 2 on a bad value (message printed). */
int cells_parse_flag(cells_opts_t *o, const char *prog, int argc, char **argv, int *i);

/* Usage lines of the flags above, for --help. */
void cells_print_help(FILE *out);

/* ---------------------------------------------------------------- the store */
/* Create DIR and its missing parents (mode 0755).  0, or -1 (errno set). */
int cell_store_make_dirs(const char *dir);
/* Write RECORDS as the cell file DIR/KEY.cell (atomic).  0 or -1. */
int cell_store_write(const char *dir, const char *key, const char *desc, const char *records,
                     size_t len);
/* Read DIR/KEY.cell: 1 and *RECORDS (malloc'd, NUL-terminated, *LEN bytes) if present and
 * valid for DESC; 0 if absent; -1 if present but corrupt (reason in WHY[128]). */
int cell_store_read(const char *dir, const char *key, const char *desc, char **records,
                    size_t *len, char why[128]);

/* ---------------------------------------------------------------- running cells */
typedef struct {
    const char *program;
    char *identity; /* the run's identity (seed, mode, options) */
    cells_opts_t opts;
    char *dir;      /* resolved store folder */
    long next_index; /* global index of the next group's first cell */
    int ngroups;
    long computed, reused, recomputed_corrupt, other_shards, missing;
    char *missing_names; /* "group g cell i (label)" list, for the error message */
    size_t missing_len;
} cells_t;

/* Start a run of PROGRAM whose cells depend on IDENTITY (everything that changes their
 * output: seed, mode, option values).  The store folder is created by the first cells_run
 * that needs it.  0 or -1. */
int cells_open(cells_t *s, const char *program, const char *identity, const cells_opts_t *o);
void cells_close(cells_t *s);

/* Compute cell CELL: write its records to OUT (runs in a worker or in this process). */
typedef void (*cells_compute_fn)(long cell, FILE *out, void *ctx);
/* Replay cell CELL's records (in this process, in cell order). */
typedef void (*cells_replay_fn)(long cell, const char *records, size_t len, void *ctx);
/* Optional: a human label of cell CELL ("family=diagonal n=32"), part of its description. */
typedef void (*cells_label_fn)(long cell, void *ctx, char *buf, size_t len);

typedef struct {
    const char *group;        /* name of this group of cells (NULL: "group G") */
    long ncells;
    cells_compute_fn compute;
    cells_replay_fn replay;
    cells_label_fn label;     /* may be NULL */
    void *ctx;
    int nworkers;             /* <= 1: in this process (opts.workers overrides) */
} cells_group_t;

/* Run one group of cells according to the mode (see the top of this file).  Returns 0, or
 * -1 if a cell could not be computed or stored (message printed).  Missing cells in
 * --assemble are not an error here: see s->missing. */
int cells_run(cells_t *s, const cells_group_t *g);

/* Is this process a shard / an assembly (no table written by a shard)? */
static inline int cells_is_shard(const cells_t *s) { return s->opts.shard_n > 0; }

#endif
