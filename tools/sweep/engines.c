/* engines.c -- the shards and the assembly of one table through local processes, a Slurm job
 * array, or GNU parallel (sweep.h, manual in tools/sweep/README.md). */
#include "tools/sweep/sweep.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------- argument lists */
typedef struct {
    char **v;
    int n, cap;
} argv_t;

static void push(argv_t *a, const char *s)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? 2 * a->cap : 32;
        a->v = realloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n++] = strdup(s);
    a->v[a->n] = NULL;
}

static void pushf(argv_t *a, const char *fmt, long v)
{
    char buf[64];
    snprintf(buf, sizeof buf, fmt, v);
    push(a, buf);
}

static void free_argv(argv_t *a)
{
    for (int i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    memset(a, 0, sizeof *a);
}

/* The program and its arguments, with the program made absolute (jobs run elsewhere). */
static void base_command(argv_t *a, int argc, char **argv)
{
    char abs[PATH_MAX];
    push(a, strchr(argv[0], '/') && realpath(argv[0], abs) ? abs : argv[0]);
    for (int i = 1; i < argc; i++)
        push(a, argv[i]);
}

static void cell_flags(argv_t *a, const sweep_opts_t *o, int shard)
{
    if (o->cells) {
        char abs[PATH_MAX];
        push(a, "--cells");
        push(a, realpath(o->cells, abs) ? abs : o->cells);
    }
    if (shard && o->fresh)
        push(a, "--fresh");
    if (shard && o->workers > 0) {
        push(a, "--workers");
        pushf(a, "%ld", o->workers);
    }
}

/* One shell word: 'text' with every ' written as '\'' */
static void shell_word(char **buf, size_t *len, const char *w)
{
    FILE *f = open_memstream(buf, len);
    fputc('\'', f);
    for (const char *p = w; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", f);
        else
            fputc(*p, f);
    }
    fputc('\'', f);
    fclose(f);
}

static char *shell_line(const argv_t *a, const char *tail)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    for (int i = 0; i < a->n; i++) {
        char *w = NULL;
        size_t wl = 0;
        shell_word(&w, &wl, a->v[i]);
        fprintf(f, "%s%s", i ? " " : "", w);
        free(w);
    }
    if (tail)
        fprintf(f, " %s", tail);
    fclose(f);
    return out;
}

static const char *table_name(const char *program)
{
    const char *s = strrchr(program, '/');
    return s ? s + 1 : program;
}

/* ---------------------------------------------------------------- running commands */
static volatile pid_t children[256];
static volatile int nchildren;

static void forward_signal(int sig)
{
    for (int i = 0; i < nchildren; i++)
        if (children[i] > 0)
            kill(children[i], sig);
    signal(sig, SIG_DFL);
    kill(getpid(), sig);
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = forward_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static pid_t spawn(char **argv)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        execvp(argv[0], argv);
        fprintf(stderr, "sweep: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (pid > 0 && nchildren < 256)
        children[nchildren++] = pid;
    return pid;
}

static int exit_code(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int run_wait(char **argv)
{
    pid_t pid = spawn(argv);
    if (pid < 0)
        return 127;
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return exit_code(status);
}

/* Run ARGV and capture its standard output (first line, trimmed) into OUT. */
static int run_capture(char **argv, char *out, size_t len)
{
    int fds[2];
    if (pipe(fds) != 0)
        return 127;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "sweep: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    out[0] = '\0';
    if (f && !fgets(out, (int)len, f))
        out[0] = '\0';
    char drain[256];
    while (f && fgets(drain, sizeof drain, f))
        ;
    if (f)
        fclose(f);
    out[strcspn(out, "\r\n;")] = '\0'; /* "jobid;cluster" -> jobid */
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return exit_code(status);
}

static void print_command(const char *what, char **argv)
{
    printf("%s:", what);
    for (char **p = argv; *p; p++)
        printf(" %s", *p);
    printf("\n");
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int assemble(const sweep_opts_t *o, int argc, char **argv)
{
    argv_t a = {0};
    base_command(&a, argc, argv);
    push(&a, "--assemble");
    cell_flags(&a, o, 0);
    int rc = 0;
    if (o->dry_run)
        print_command("assemble", a.v);
    else
        rc = run_wait(a.v);
    free_argv(&a);
    return rc;
}

/* ---------------------------------------------------------------- local */
static int engine_local(const sweep_opts_t *o, int argc, char **argv)
{
    long jobs = o->jobs > 0 ? o->jobs : 2, n = o->shards > 0 ? o->shards : jobs;
    pid_t *pids = calloc((size_t)n, sizeof *pids);
    long next = 0, running = 0, failed = 0;
    double t0 = now();
    catch_signals();
    while (next < n || running > 0) {
        while (next < n && running < jobs) {
            argv_t a = {0};
            base_command(&a, argc, argv);
            char shard[64];
            snprintf(shard, sizeof shard, "%ld/%ld", next, n);
            push(&a, "--shard");
            push(&a, shard);
            push(&a, "--quiet");
            cell_flags(&a, o, 1);
            if (o->dry_run) {
                print_command("shard", a.v);
                pids[next] = 0;
            } else {
                pids[next] = spawn(a.v);
                running += pids[next] > 0;
                failed += pids[next] < 0;
            }
            free_argv(&a);
            next++;
        }
        if (running == 0)
            break;
        int status;
        pid_t done = wait(&status);
        if (done < 0 && errno == EINTR)
            continue;
        if (done < 0)
            break;
        running--;
        if (exit_code(status) != 0) {
            fprintf(stderr, "sweep: a shard of %s failed (exit %d)\n", table_name(argv[0]),
                    exit_code(status));
            failed++;
        }
    }
    free(pids);
    if (failed)
        return 2;
    if (!o->dry_run)
        printf("sweep: %s: %ld shards done in %.1f s, assembling\n", table_name(argv[0]), n,
               now() - t0);
    return assemble(o, argc, argv);
}

/* ---------------------------------------------------------------- GNU parallel */
static int engine_parallel(const sweep_opts_t *o, int argc, char **argv)
{
    long n = o->shards > 0 ? o->shards : 4;
    argv_t a = {0};
    push(&a, "parallel");
    push(&a, "--will-cite");
    push(&a, "--halt");
    push(&a, "now,fail=1");
    if (o->jobs > 0) {
        push(&a, "-j");
        pushf(&a, "%ld", o->jobs);
    }
    if (o->sshlogin) {
        char cwd[PATH_MAX];
        push(&a, "--sshlogin");
        push(&a, o->sshlogin);
        push(&a, "--workdir");
        push(&a, getcwd(cwd, sizeof cwd) ? cwd : ".");
    }
    push(&a, "-q"); /* the command's words are passed as they are, no shell re-splitting */
    base_command(&a, argc, argv);
    push(&a, "--shard");
    char shard[64];
    snprintf(shard, sizeof shard, "{}/%ld", n);
    push(&a, shard);
    push(&a, "--quiet");
    cell_flags(&a, o, 1);
    push(&a, ":::");
    for (long k = 0; k < n; k++)
        pushf(&a, "%ld", k);
    int rc = 0;
    double t0 = now();
    if (o->dry_run)
        print_command("parallel", a.v);
    else {
        catch_signals();
        rc = run_wait(a.v);
    }
    free_argv(&a);
    if (rc != 0) {
        fprintf(stderr, "sweep: GNU parallel failed for %s (exit %d)\n", table_name(argv[0]), rc);
        return 2;
    }
    if (!o->dry_run)
        printf("sweep: %s: %ld shards done by GNU parallel in %.1f s, assembling\n",
               table_name(argv[0]), n, now() - t0);
    return assemble(o, argc, argv);
}

/* ---------------------------------------------------------------- Slurm */
static void slurm_common(argv_t *a, const sweep_opts_t *o, const char *name, const char *suffix,
                         const char *log_pattern)
{
    char buf[PATH_MAX + 64], cwd[PATH_MAX];
    push(a, "sbatch");
    push(a, "--parsable");
    snprintf(buf, sizeof buf, "--job-name=sweep-%s%s", name, suffix);
    push(a, buf);
    snprintf(buf, sizeof buf, "--chdir=%s", getcwd(cwd, sizeof cwd) ? cwd : ".");
    push(a, buf);
    snprintf(buf, sizeof buf, "--output=%s/%s%s", o->log_dir, name, log_pattern);
    push(a, buf);
    if (o->partition) {
        snprintf(buf, sizeof buf, "--partition=%s", o->partition);
        push(a, buf);
    }
    if (o->time_limit) {
        snprintf(buf, sizeof buf, "--time=%s", o->time_limit);
        push(a, buf);
    }
}

/* JobState of a job (all tasks of an array: the worst one), "" if unknown. */
static void job_state(const char *id, char *state, size_t len)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "scontrol show job -o %s 2>/dev/null", id);
    FILE *f = popen(cmd, "r");
    state[0] = '\0';
    if (!f)
        return;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        char *s = strstr(line, "JobState=");
        if (!s)
            continue;
        s += 9;
        size_t k = strcspn(s, " \n");
        if (!state[0] || strncmp(state, "COMPLETED", 9) == 0)
            snprintf(state, len, "%.*s", (int)k, s);
    }
    pclose(f);
}

static int terminal_state(const char *s)
{
    return s[0] && strcmp(s, "PENDING") != 0 && strcmp(s, "RUNNING") != 0 &&
           strcmp(s, "CONFIGURING") != 0 && strcmp(s, "COMPLETING") != 0 &&
           strcmp(s, "SUSPENDED") != 0 && strcmp(s, "REQUEUED") != 0;
}

static int engine_slurm(const sweep_opts_t *o, int argc, char **argv)
{
    long n = o->shards > 0 ? o->shards : 4;
    const char *name = table_name(argv[0]);
    char buf[PATH_MAX + 64];
    if (!o->dry_run) {
        snprintf(buf, sizeof buf, "mkdir -p '%s'", o->log_dir);
        if (system(buf) != 0) {
            fprintf(stderr, "sweep: cannot create the log folder %s\n", o->log_dir);
            return 2;
        }
    }
    /* the array: task K runs shard K/N */
    argv_t shard = {0};
    base_command(&shard, argc, argv);
    push(&shard, "--quiet");
    sweep_opts_t so = *o;
    if (so.workers <= 0 && o->cpus_per_task > 0)
        so.workers = o->cpus_per_task;
    cell_flags(&shard, &so, 1);
    snprintf(buf, sizeof buf, "--shard \"$SLURM_ARRAY_TASK_ID/%ld\"", n);
    char *shard_cmd = shell_line(&shard, buf);
    free_argv(&shard);
    argv_t a = {0};
    slurm_common(&a, o, name, "", "-%A_%a.out");
    snprintf(buf, sizeof buf, "--array=0-%ld", n - 1);
    push(&a, buf);
    if (o->cpus_per_task > 0) {
        snprintf(buf, sizeof buf, "--cpus-per-task=%ld", o->cpus_per_task);
        push(&a, buf);
    }
    char *wrap = malloc(strlen(shard_cmd) + 16);
    sprintf(wrap, "--wrap=exec %s", shard_cmd);
    push(&a, wrap);
    free(wrap);
    free(shard_cmd);
    char array_id[128] = "ARRAY_ID", asm_id[128] = "ASSEMBLE_ID";
    if (o->dry_run)
        print_command("sbatch", a.v);
    else if (run_capture(a.v, array_id, sizeof array_id) != 0 || !array_id[0]) {
        fprintf(stderr, "sweep: sbatch of the %s array failed\n", name);
        free_argv(&a);
        return 2;
    }
    free_argv(&a);
    /* the assembly: after every task of the array succeeded */
    argv_t asmb = {0};
    base_command(&asmb, argc, argv);
    push(&asmb, "--assemble");
    cell_flags(&asmb, o, 0);
    char *asm_cmd = shell_line(&asmb, NULL);
    free_argv(&asmb);
    slurm_common(&a, o, name, "-assemble", "-%j-assemble.out");
    snprintf(buf, sizeof buf, "--dependency=afterok:%s", array_id);
    push(&a, buf);
    push(&a, "--kill-on-invalid-dep=yes");
    wrap = malloc(strlen(asm_cmd) + 16);
    sprintf(wrap, "--wrap=exec %s", asm_cmd);
    push(&a, wrap);
    free(wrap);
    free(asm_cmd);
    if (o->dry_run)
        print_command("sbatch", a.v);
    else if (run_capture(a.v, asm_id, sizeof asm_id) != 0 || !asm_id[0]) {
        fprintf(stderr, "sweep: sbatch of the %s assembly failed (array job %s is queued)\n", name,
                array_id);
        free_argv(&a);
        return 2;
    }
    free_argv(&a);
    if (o->dry_run)
        return 0;
    printf("sweep: %s: array job %s (%ld shards), assembly job %s (afterok:%s); logs in %s\n",
           name, array_id, n, asm_id, array_id, o->log_dir);
    fflush(stdout);
    if (!o->wait)
        return 0;
    double t0 = now();
    char state[64] = "", array_state[64] = "";
    for (;;) {
        job_state(asm_id, state, sizeof state);
        if (terminal_state(state))
            break;
        if (!state[0] && now() - t0 > 5) { /* gone from the controller */
            snprintf(state, sizeof state, "UNKNOWN");
            break;
        }
        usleep(500000);
    }
    job_state(array_id, array_state, sizeof array_state);
    printf("sweep: %s: array job %s %s, assembly job %s %s after %.1f s\n", name, array_id,
           array_state[0] ? array_state : "(purged)", asm_id, state, now() - t0);
    return strcmp(state, "COMPLETED") == 0 ? 0 : 1;
}

int sweep_run(const sweep_opts_t *o, int argc, char **argv)
{
    switch (o->engine) {
    case ENGINE_SLURM:
        return engine_slurm(o, argc, argv);
    case ENGINE_PARALLEL:
        return engine_parallel(o, argc, argv);
    default:
        return engine_local(o, argc, argv);
    }
}
