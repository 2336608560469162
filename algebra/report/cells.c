/* cells.c -- running groups of cells: store look-up, shards, workers, signals (cells.h). */
#include "report/cells.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report/report.h"

#define CELLS_MAX_WORKERS 64

/* ---------------------------------------------------------------- options */
static int parse_count(const char *s, long *out)
{
    char *end;
    errno = 0;
    if (!s || *s < '0' || *s > '9')
        return -1;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}

int cells_parse_flag(cells_opts_t *o, const char *prog, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (strcmp(a, "--fresh") == 0) {
        o->fresh = 1;
        return 1;
    }
    if (strcmp(a, "--assemble") == 0) {
        o->assemble = 1;
        return 1;
    }
    if (strcmp(a, "--cells") == 0) {
        if (!v || !*v) {
            fprintf(stderr, "%s: --cells expects a directory\n", prog);
            return 2;
        }
        o->store_dir = v;
        (*i)++;
        return 1;
    }
    if (strcmp(a, "--workers") == 0) {
        if (parse_count(v, &o->workers) != 0 || o->workers < 1) {
            fprintf(stderr, "%s: --workers expects a positive integer, got '%s'\n", prog,
                    v ? v : "");
            return 2;
        }
        (*i)++;
        return 1;
    }
    if (strcmp(a, "--shard") == 0) {
        char buf[64];
        const char *slash = v ? strchr(v, '/') : NULL;
        if (!slash || strlen(v) >= sizeof buf) {
            fprintf(stderr, "%s: --shard expects K/N (0 <= K < N), got '%s'\n", prog, v ? v : "");
            return 2;
        }
        snprintf(buf, sizeof buf, "%s", v);
        buf[slash - v] = '\0';
        if (parse_count(buf, &o->shard_k) != 0 || parse_count(slash + 1, &o->shard_n) != 0 ||
            o->shard_n < 1 || o->shard_k >= o->shard_n) {
            fprintf(stderr, "%s: --shard expects K/N (0 <= K < N), got '%s'\n", prog, v);
            return 2;
        }
        (*i)++;
        return 1;
    }
    return 0;
}

void cells_print_help(FILE *out)
{
    fprintf(out,
            "  --cells DIR cell store (default build/cells/PROGRAM): finished cells are reused\n"
            "  --fresh     recompute every cell (the store is rewritten, not read)\n"
            "  --shard K/N compute only the cells with index = K mod N into the store; no table\n"
            "  --assemble  write the table from the store only; fails naming missing cells\n"
            "  --workers N processes computing cells in parallel (the table does not depend on it)\n");
}

/* ---------------------------------------------------------------- store folder */

/* <folder of the executable>/../cells/PROGRAM (build/proofs_check/x -> build/cells/x) */
static char *default_dir(const char *program)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    size_t len = strlen(program) + 32;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        slash = strrchr(exe, '/');
        if (slash && slash != exe) {
            *slash = '\0';
            char *d = malloc(strlen(exe) + len);
            sprintf(d, "%s/cells/%s", exe, program);
            return d;
        }
    }
    char *d = malloc(len + 8);
    sprintf(d, "build/cells/%s", program);
    return d;
}

/* Under make (MAKELEVEL in the environment) the program ends with SIGTERM when the recipe
 * shell that started it dies: `kill <make pid>` makes make forward SIGTERM to its recipe
 * shells only, which would leave the program (and its workers) computing as an orphan.
 * The SIGTERM then goes through the usual path (workers killed, no partial cell).  Outside
 * make a program outlives its parent as usual (nohup, a closed terminal). */
static void stop_with_recipe_shell(void)
{
    if (!getenv("MAKELEVEL"))
        return;
    pid_t parent = getppid();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) /* the shell died before prctl */
        raise(SIGTERM);
}

int cells_open(cells_t *s, const char *program, const char *identity, const cells_opts_t *o)
{
    stop_with_recipe_shell();
    memset(s, 0, sizeof *s);
    s->program = program;
    s->identity = strdup(identity);
    s->opts = *o;
    s->dir = o->store_dir ? strdup(o->store_dir) : default_dir(program);
    return 0;
}

void cells_close(cells_t *s)
{
    free(s->identity);
    free(s->dir);
    free(s->missing_names);
    memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- one group */
typedef struct {
    char key[33];
    char *desc;
    char *name; /* "GROUP, cell i/N (label)": for messages */
    char *records; /* loaded or computed in this process; NULL otherwise */
    size_t len;
    int todo;      /* to compute here */
} cell_state_t;

/* The cell's description (hashed into its key) and its short name for messages. */
static char *describe(const cells_t *s, const cells_group_t *g, long cell, char **name)
{
    char label[256] = "";
    if (g->label)
        g->label(cell, g->ctx, label, sizeof label);
    for (char *p = label; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    char gname[32];
    snprintf(gname, sizeof gname, "group %d", s->ngroups);
    const char *group = g->group ? g->group : gname;
    size_t n = strlen(s->program) + strlen(s->identity) + strlen(label) + strlen(group) + 256;
    char *d = malloc(n);
    snprintf(d, n, "%s; code %s; %s; %s; cell %ld/%ld%s%s", s->program, cells_code_version(),
             s->identity, group, cell, g->ncells, label[0] ? "; " : "", label);
    *name = malloc(n);
    snprintf(*name, n, "%s, cell %ld/%ld%s%s%s", group, cell, g->ncells, label[0] ? " (" : "",
             label, label[0] ? ")" : "");
    return d;
}

static void note_missing(cells_t *s, long global, const cell_state_t *st, const char *why)
{
    if (s->missing >= 40) { /* name the first 40; count the rest */
        s->missing++;
        return;
    }
    char item[512];
    int n = snprintf(item, sizeof item, "\n  cell %ld: %s%s%s", global, st->name,
                     why ? ": " : "", why ? why : "");
    if (n < 0)
        return;
    if ((size_t)n >= sizeof item)
        n = sizeof item - 1;
    s->missing_names = realloc(s->missing_names, s->missing_len + (size_t)n + 1);
    memcpy(s->missing_names + s->missing_len, item, (size_t)n + 1);
    s->missing_len += (size_t)n;
    s->missing++;
}

/* Compute one cell into memory and store it; 0 or -1. */
static int compute_one(cells_t *s, const cells_group_t *g, long cell, cell_state_t *st,
                       int keep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out) {
        fprintf(stderr, "%s: cannot buffer cell %ld: %s\n", s->program, cell, strerror(errno));
        return -1;
    }
    g->compute(cell, out, g->ctx);
    if (fclose(out) != 0) {
        free(buf);
        return -1;
    }
    int rc = cell_store_write(s->dir, st->key, st->desc, buf, len);
    if (keep && rc == 0) {
        st->records = buf;
        st->len = len;
    } else {
        free(buf);
    }
    return rc;
}

/* ---- workers and signals: the parent forwards SIGTERM/SIGINT/SIGHUP as SIGKILL to them */
static volatile pid_t worker_pids[CELLS_MAX_WORKERS];
static volatile int worker_count;
static const int forwarded[] = {SIGTERM, SIGINT, SIGHUP};
#define NFORWARDED 3
static void (*old_handlers[NFORWARDED])(int); /* before run_workers installed its own */

static void kill_workers_and_die(int sig)
{
    for (int w = 0; w < worker_count; w++)
        if (worker_pids[w] > 0)
            kill(worker_pids[w], SIGKILL);
    signal(sig, SIG_DFL);
    kill(getpid(), sig); /* delivered when the handler returns: ends with the same signal */
}

static void run_worker(cells_t *s, const cells_group_t *g, cell_state_t *cells, const long *todo,
                       long ntodo, long *next, pid_t parent, int w)
{
    for (int k = 0; k < NFORWARDED; k++)
        if (old_handlers[k] != SIG_IGN)
            signal(forwarded[k], SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) /* the parent died before prctl */
        _exit(3);
    progress_t p;
    progress_start(&p, s->program, ntodo);
    if (w != 0)
        p.active = 0; /* one progress line: worker 0's */
    for (;;) {
        long taken = __atomic_fetch_add(next, 1, __ATOMIC_SEQ_CST);
        if (taken >= ntodo)
            break;
        long cell = todo[ntodo - 1 - taken]; /* from the last one down: largest cells last */
        progress_update(&p, taken, "cell %ld", cell);
        if (compute_one(s, g, cell, &cells[cell], 0) != 0)
            _exit(3);
    }
    progress_end(&p);
    fflush(stdout);
    _exit(0);
}

static int run_workers(cells_t *s, const cells_group_t *g, cell_state_t *cells, const long *todo,
                       long ntodo, int nworkers)
{
    long *next = mmap(NULL, sizeof(long), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                      -1, 0);
    if (next == MAP_FAILED) {
        fprintf(stderr, "%s: mmap: %s\n", s->program, strerror(errno));
        return -1;
    }
    *next = 0;
    fflush(stdout);
    fflush(stderr);
    struct sigaction sa, old[NFORWARDED];
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = kill_workers_and_die;
    sigemptyset(&sa.sa_mask);
    worker_count = 0;
    for (int k = 0; k < NFORWARDED; k++) {
        sigaction(forwarded[k], NULL, &old[k]);
        old_handlers[k] = old[k].sa_handler;
        if (old[k].sa_handler != SIG_IGN) /* a signal ignored by whoever started us stays so */
            sigaction(forwarded[k], &sa, NULL);
    }
    pid_t parent = getpid();
    int failed = 0;
    for (int w = 0; w < nworkers; w++) {
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, "%s: fork: %s\n", s->program, strerror(errno));
            failed = 1;
            break;
        }
        if (pid == 0)
            run_worker(s, g, cells, todo, ntodo, next, parent, w);
        worker_pids[w] = pid;
        worker_count = w + 1;
    }
    for (int w = 0; w < worker_count; w++) {
        int status;
        while (waitpid(worker_pids[w], &status, 0) < 0 && errno == EINTR)
            ;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            if (WIFSIGNALED(status))
                fprintf(stderr, "%s: worker %d killed by signal %d\n", s->program, w,
                        WTERMSIG(status));
            else
                fprintf(stderr, "%s: worker %d failed (exit %d)\n", s->program, w,
                        WEXITSTATUS(status));
            failed = 1;
        }
    }
    worker_count = 0;
    for (int k = 0; k < NFORWARDED; k++)
        sigaction(forwarded[k], &old[k], NULL);
    munmap(next, sizeof(long));
    return failed ? -1 : 0;
}

static int in_shard(const cells_t *s, long global)
{
    return s->opts.shard_n == 0 || global % s->opts.shard_n == s->opts.shard_k;
}

int cells_run(cells_t *s, const cells_group_t *g)
{
    if (!s->opts.assemble && cell_store_make_dirs(s->dir) != 0) { /* created when first needed */
        fprintf(stderr, "%s: cannot create the cell store %s: %s\n", s->program, s->dir,
                strerror(errno));
        return -1;
    }
    long n = g->ncells;
    cell_state_t *cells = calloc((size_t)(n > 0 ? n : 1), sizeof *cells);
    long *todo = malloc((size_t)(n > 0 ? n : 1) * sizeof *todo), ntodo = 0;
    int rc = 0, replay = !cells_is_shard(s);
    for (long i = 0; i < n; i++) {
        cell_state_t *st = &cells[i];
        st->desc = describe(s, g, i, &st->name);
        cells_hash_hex(cells_hash(st->desc, strlen(st->desc)), st->key);
        long global = s->next_index + i;
        if (!in_shard(s, global)) {
            s->other_shards++;
            continue;
        }
        char why[128] = "";
        int got = s->opts.fresh && !s->opts.assemble
                      ? 0
                      : cell_store_read(s->dir, st->key, st->desc, &st->records, &st->len, why);
        if (got < 0)
            fprintf(stderr, "%s: cell file %s/%s.cell is corrupt (%s): %s\n", s->program, s->dir,
                    st->key, why, s->opts.assemble ? "not used" : "recomputing");
        if (got == 1) {
            s->reused++;
            continue;
        }
        if (s->opts.assemble) {
            note_missing(s, global, st, got < 0 ? why : NULL);
            continue;
        }
        s->recomputed_corrupt += got < 0;
        todo[ntodo++] = i;
    }
    int nworkers = s->opts.workers > 0 ? (int)s->opts.workers : g->nworkers;
    if (nworkers > CELLS_MAX_WORKERS)
        nworkers = CELLS_MAX_WORKERS;
    if (nworkers > ntodo)
        nworkers = (int)ntodo;
    if (nworkers <= 1) {
        progress_t p;
        progress_start(&p, s->program, ntodo);
        for (long k = 0; k < ntodo && rc == 0; k++) {
            progress_update(&p, k, "cell %ld", todo[k]);
            rc = compute_one(s, g, todo[k], &cells[todo[k]], replay);
        }
        progress_end(&p);
    } else {
        rc = run_workers(s, g, cells, todo, ntodo, nworkers);
    }
    if (rc == 0)
        s->computed += ntodo;
    for (long i = 0; i < n && rc == 0 && replay; i++) {
        cell_state_t *st = &cells[i];
        if (!st->records && !s->opts.assemble) { /* computed by a worker: read it back */
            char why[128] = "";
            if (cell_store_read(s->dir, st->key, st->desc, &st->records, &st->len, why) != 1) {
                fprintf(stderr, "%s: cell %ld was computed but cannot be read back from %s (%s)\n",
                        s->program, i, s->dir, why[0] ? why : "absent");
                rc = -1;
                break;
            }
        }
        if (st->records)
            g->replay(i, st->records, st->len, g->ctx);
    }
    for (long i = 0; i < n; i++) {
        free(cells[i].desc);
        free(cells[i].name);
        free(cells[i].records);
    }
    free(cells);
    free(todo);
    s->next_index += n;
    s->ngroups++;
    return rc;
}
