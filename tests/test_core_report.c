/* Unit tests: algebra/report (atomic Markdown + CSV) and the checker front end. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <flint/ulong_extras.h>

#include "report/checker.h"
#include "report/report.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

Test(core_report, writes_markdown_and_csv)
{
    char dir[] = "/tmp/report_testXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    report_t *r = report_open(dir, "t", "A title", "paper.txt, Lemma 1");
    report_meta(r, "seed", "%d", 7);
    report_section(r, "First", "a|b");
    report_row(r, "%d|%s", 1, "x,y");
    report_section(r, "Second", "b|c");
    report_row(r, "2|3");
    report_verdict(r, "PASS");
    cr_assert_eq(report_close(r), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/t.md", dir);
    char *md = slurp(path);
    cr_assert_not_null(md);
    cr_assert_not_null(strstr(md, "# A title"));
    cr_assert_not_null(strstr(md, "- statement: paper.txt, Lemma 1"));
    cr_assert_not_null(strstr(md, "- seed: 7"));
    cr_assert_not_null(strstr(md, "| 1 | x,y |"));
    cr_assert_not_null(strstr(md, "- libraries: GMP"));
    snprintf(path, sizeof path, "%s/t.csv", dir);
    char *csv = slurp(path);
    cr_assert_not_null(strstr(csv, "section,a,b,c\n"));
    cr_assert_not_null(strstr(csv, "First,1,\"x,y\",\n"));
    cr_assert_not_null(strstr(csv, "Second,,2,3\n"));
    /* no temporary file left behind */
    DIR *d = opendir(dir);
    int files = 0;
    for (struct dirent *e; (e = readdir(d));)
        files += e->d_name[0] != '.';
    closedir(d);
    cr_assert_eq(files, 2);
    snprintf(path, sizeof path, "rm -rf %s", dir);
    cr_assert_eq(system(path), 0);
}

Test(core_report, atomic_write_fails_cleanly)
{
    cr_assert_eq(report_write_atomic("/nonexistent-dir/x.md", "x", 1), -1);
}

static long opt_value = 3;
static const checker_option_t opts[] = {{"--k", &opt_value, "k"}, {NULL, NULL, NULL}};
static const checker_info_t info = {"t_checker", "T", "S", "D", opts};

Test(core_checker, bad_usage_exits_2)
{
    checker_t c;
    char *argv1[] = {"x", "--seed", "abc", NULL};
    cr_assert_eq(checker_start(&c, &info, 3, argv1), 2);
    char *argv2[] = {"x", "--bogus", NULL};
    cr_assert_eq(checker_start(&c, &info, 2, argv2), 2);
    char *argv3[] = {"x", "--k", "x1", NULL};
    cr_assert_eq(checker_start(&c, &info, 3, argv3), 2);
}

/* a failed positive row or an undetected negative control makes the exit status 1 */
Test(core_checker, accounting_and_exit_status)
{
    char dir[] = "/tmp/checker_testXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char *argv[] = {"x", "--quiet", "--out", dir, "--k", "5", NULL};
    checker_t c;
    cr_assert_eq(checker_start(&c, &info, 6, argv), CHECKER_RUN);
    cr_assert_eq(opt_value, 5);
    checker_section(&c, NULL, "case");
    checker_row(&c, ROW_POSITIVE, 1, "fine");
    checker_row(&c, ROW_NEGATIVE, 0, "detected");
    cr_assert_eq(checker_finish(&c), 0);
    cr_assert_eq(checker_start(&c, &info, 6, argv), CHECKER_RUN);
    checker_row(&c, ROW_NEGATIVE, 1, "missed");
    cr_assert_eq(checker_finish(&c), 1);
    cr_assert_eq(checker_start(&c, &info, 6, argv), CHECKER_RUN);
    checker_row(&c, ROW_POSITIVE, 0, "fails");
    cr_assert_eq(checker_finish(&c), 1);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* checker_run_cells: rows come back in cell order and do not depend on the worker count
 * (each cell reseeds its randomness from (--seed, cell)). */
static void toy_cell(checker_t *c, long cell, void *ctx)
{
    (void)ctx;
    for (long k = 0; k <= cell % 3; k++)
        checker_row(c, ROW_INFO, 0, "%ld|%lu", cell, (unsigned long)n_randint(c->rand, 1000000));
}

static void run_toy(const char *dir, int workers)
{
    char *argv[] = {"x", "--quiet", "--out", (char *)dir, NULL};
    checker_t c;
    cr_assert_eq(checker_start(&c, &info, 4, argv), CHECKER_RUN);
    checker_section(&c, NULL, "cell|draw");
    cr_assert_eq(checker_run_cells(&c, 17, toy_cell, NULL, workers), 0);
    cr_assert_eq(c.measured, 6 * 1 + 6 * 2 + 5 * 3); /* cells 0..16: cell % 3 + 1 rows each */
    cr_assert_eq(checker_finish(&c), 0);
}

Test(core_checker, parallel_cells_independent_of_workers)
{
    char d1[] = "/tmp/cells1XXXXXX", d3[] = "/tmp/cells3XXXXXX";
    cr_assert_not_null(mkdtemp(d1));
    cr_assert_not_null(mkdtemp(d3));
    run_toy(d1, 1);
    run_toy(d3, 3);
    char p1[64], p3[64], t1[8192], t3[8192];
    snprintf(p1, sizeof p1, "%s/t_checker.csv", d1);
    snprintf(p3, sizeof p3, "%s/t_checker.csv", d3);
    strcpy(t1, strstr(slurp(p1), "section,"));
    strcpy(t3, strstr(slurp(p3), "section,"));
    cr_assert_str_eq(t1, t3);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s %s", d1, d3);
    cr_assert_eq(system(cmd), 0);
}
