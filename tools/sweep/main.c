/* sweep -- run a table's cells through an engine, or compare two tables (tools/sweep/README.md).
 *
 *   sweep [--engine local|slurm|parallel] [options] -- PROGRAM [ARGS...]
 *   sweep compare A B
 *   sweep cell get DIR DESC | put DIR DESC FILE | key DESC
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tools/sweep/sweep.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sweep [OPTIONS] -- PROGRAM [ARGS...]   run PROGRAM's cells, then its table\n"
            "       sweep compare A B                      compare two tables (.md or .csv)\n"
            "       sweep cell get DIR DESC                print the records of a stored cell\n"
            "                                              (exit 1: absent or damaged)\n"
            "       sweep cell put DIR DESC FILE           store FILE as that cell (atomic)\n"
            "       sweep cell key DESC                    the cell's key (file DIR/KEY.cell)\n"
            "\n"
            "PROGRAM is a checker or driver taking --shard K/N, --assemble and --cells DIR\n"
            "(algebra/report/cells.h); ARGS are its usual arguments (--seed, --out, --quick).\n"
            "\n"
            "  --engine E          local (default): shard processes on this machine\n"
            "                      slurm: one sbatch --array job of the shards + one afterok job\n"
            "                      that assembles the table\n"
            "                      parallel: GNU parallel runs the shards, then a local assembly\n"
            "  -j, --jobs N        local: shard processes at once (default 2);\n"
            "                      parallel: jobs per machine (default: its CPUs)\n"
            "  --shards N          number of shards (default: -j for local, 4 otherwise)\n"
            "  --workers N         processes per shard (slurm default: --cpus-per-task)\n"
            "  --cells DIR         cell store shared by the shards (default: the program's,\n"
            "                      build/cells/PROGRAM); must be on a shared file system for\n"
            "                      slurm and parallel --sshlogin\n"
            "  --fresh             the shards recompute every cell\n"
            "  --partition P       slurm: partition\n"
            "  --time T            slurm: time limit per job (sbatch --time)\n"
            "  --cpus-per-task C   slurm: CPUs per array task\n"
            "  --log-dir DIR       slurm: job output files (default build/slurm-logs)\n"
            "  --wait              slurm: wait for the assembly job and report the job states\n"
            "  --sshlogin LIST     parallel: machines (GNU parallel's --sshlogin, e.g. ':,host2')\n"
            "  --dry-run           print the commands instead of running them\n"
            "\n"
            "Exit status: 0 table written and its checks hold (slurm without --wait: jobs\n"
            "submitted), 1 a check failed or the tables differ, 2 bad usage or a run error.\n");
}

static int count_arg(const char *flag, const char *v, long *out)
{
    char *end;
    errno = 0;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || errno || *end || n < 1) {
        fprintf(stderr, "sweep: %s expects a positive integer, got '%s'\n", flag, v ? v : "");
        return 2;
    }
    *out = n;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "compare") == 0) {
        if (argc != 4) {
            fprintf(stderr, "sweep: compare expects two tables\n");
            return 2;
        }
        int rc = sweep_compare(argv[2], argv[3], stderr);
        if (rc == 0)
            printf("sweep compare: %s and %s agree apart from timing columns\n", argv[2], argv[3]);
        return rc;
    }
    if (argc >= 2 && strcmp(argv[1], "cell") == 0)
        return sweep_cell(argc - 1, argv + 1);
    sweep_opts_t o = {0};
    o.engine = ENGINE_LOCAL;
    o.log_dir = "build/slurm-logs";
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0, takes = 1;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--engine") == 0) {
            if (v && strcmp(v, "local") == 0)
                o.engine = ENGINE_LOCAL;
            else if (v && strcmp(v, "slurm") == 0)
                o.engine = ENGINE_SLURM;
            else if (v && strcmp(v, "parallel") == 0)
                o.engine = ENGINE_PARALLEL;
            else {
                fprintf(stderr, "sweep: --engine expects local, slurm or parallel, got '%s'\n",
                        v ? v : "");
                return 2;
            }
        } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
            rc = count_arg(a, v, &o.jobs);
        } else if (strcmp(a, "--shards") == 0) {
            rc = count_arg(a, v, &o.shards);
        } else if (strcmp(a, "--workers") == 0) {
            rc = count_arg(a, v, &o.workers);
        } else if (strcmp(a, "--cpus-per-task") == 0) {
            rc = count_arg(a, v, &o.cpus_per_task);
        } else if (strcmp(a, "--cells") == 0 || strcmp(a, "--partition") == 0 ||
                   strcmp(a, "--time") == 0 || strcmp(a, "--log-dir") == 0 ||
                   strcmp(a, "--sshlogin") == 0) {
            if (!v || !*v) {
                fprintf(stderr, "sweep: %s expects a value\n", a);
                return 2;
            }
            const char **dst = strcmp(a, "--cells") == 0       ? &o.cells
                               : strcmp(a, "--partition") == 0 ? &o.partition
                               : strcmp(a, "--time") == 0      ? &o.time_limit
                               : strcmp(a, "--log-dir") == 0   ? &o.log_dir
                                                               : &o.sshlogin;
            *dst = v;
        } else {
            takes = 0;
            if (strcmp(a, "--fresh") == 0)
                o.fresh = 1;
            else if (strcmp(a, "--wait") == 0)
                o.wait = 1;
            else if (strcmp(a, "--dry-run") == 0)
                o.dry_run = 1;
            else {
                fprintf(stderr, "sweep: unknown option '%s' (see --help)\n", a);
                return 2;
            }
        }
        if (rc)
            return rc;
        i += takes;
    }
    if (i >= argc) {
        fprintf(stderr, "sweep: no program given (sweep [OPTIONS] -- PROGRAM [ARGS...])\n");
        return 2;
    }
    return sweep_run(&o, argc - i, argv + i);
}
