/* Unit tests: algebra/report/cells (hash, store files, flags) and checker cells in shards. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <flint/ulong_extras.h>

#include "report/cells.h"
#include "report/checker.h"

static char *slurp_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void rm_rf(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(cells, hash_is_deterministic_and_separates)
{
    char h1[33], h2[33], h3[33];
    cells_hash_hex(cells_hash("cell 1", 6), h1);
    cells_hash_hex(cells_hash("cell 1", 6), h2);
    cells_hash_hex(cells_hash("cell 2", 6), h3);
    cr_assert_str_eq(h1, h2);
    cr_assert_str_neq(h1, h3);
    cr_assert_eq(strlen(h1), 32);
    cr_assert_str_neq(cells_code_version(), "unknown");
}

Test(cells, store_roundtrip_and_damage)
{
    char dir[] = "/tmp/cells_storeXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    const char *key = "0123456789abcdef0123456789abcdef", *desc = "p; seed 1; cell 0/1";
    const char *rec = "R\t0\t1\ta|b\n";
    char *got = NULL, why[128];
    size_t len = 0;
    cr_assert_eq(cell_store_read(dir, key, desc, &got, &len, why), 0); /* absent */
    cr_assert_eq(cell_store_write(dir, key, desc, rec, strlen(rec)), 0);
    cr_assert_eq(cell_store_read(dir, key, desc, &got, &len, why), 1);
    cr_assert_eq(len, strlen(rec));
    cr_assert_str_eq(got, rec);
    free(got);
    /* another description under the same key: refused */
    cr_assert_eq(cell_store_read(dir, key, "p; seed 2; cell 0/1", &got, &len, why), -1);
    char path[128];
    snprintf(path, sizeof path, "%s/%s.cell", dir, key);
    char *text = slurp_file(path);
    /* altered byte: checksum mismatch */
    char *alt = strdup(text);
    alt[strlen("structured-cells 1\nkey ") + 40] ^= 1;
    FILE *f = fopen(path, "w");
    fputs(alt, f);
    fclose(f);
    cr_assert_eq(cell_store_read(dir, key, desc, &got, &len, why), -1);
    cr_assert(strstr(why, "checksum") != NULL, "%s", why);
    /* truncated: no checksum line */
    f = fopen(path, "w");
    fwrite(text, 1, strlen(text) / 2, f);
    fclose(f);
    cr_assert_eq(cell_store_read(dir, key, desc, &got, &len, why), -1);
    cr_assert(strstr(why, "truncated") != NULL, "%s", why);
    free(alt);
    free(text);
    rm_rf(dir);
}

Test(cells, flags)
{
    cells_opts_t o = {0};
    char *argv[] = {"x", "--shard", "1/3", "--cells", "d", "--fresh", "--workers", "4",
                    "--assemble", "--other", NULL};
    int argc = 10;
    for (int i = 1; i < 9; i++)
        cr_assert_eq(cells_parse_flag(&o, "x", argc, argv, &i), 1, "at %s", argv[i]);
    int i = 9;
    cr_assert_eq(cells_parse_flag(&o, "x", argc, argv, &i), 0);
    cr_assert_eq(o.shard_k, 1);
    cr_assert_eq(o.shard_n, 3);
    cr_assert_str_eq(o.store_dir, "d");
    cr_assert(o.fresh && o.assemble);
    cr_assert_eq(o.workers, 4);
    char *bad[][3] = {{"x", "--shard", "3/3"}, {"x", "--shard", "1"}, {"x", "--shard", "-1/2"},
                      {"x", "--workers", "0"}};
    for (int k = 0; k < 4; k++) {
        i = 1;
        cr_assert_eq(cells_parse_flag(&o, "x", 3, bad[k], &i), 2, "%s %s", bad[k][1], bad[k][2]);
    }
}

/* A toy checker: 11 cells, rows drawn from c->rand, one cell opening its own section. */
static void toy_cell(checker_t *c, long cell, void *ctx)
{
    (void)ctx;
    if (cell == 7)
        checker_section(c, "later", "cell|draw");
    checker_row(c, ROW_INFO, 0, "%ld|%lu", cell, (unsigned long)n_randint(c->rand, 1000000));
}

static const checker_info_t info = {"t_cells", "T", "S", "D", NULL};

static int run_toy(const char *out, const char *store, const char *mode, const char *shard)
{
    char *argv[10] = {"x", "--quiet", "--out", (char *)out, "--cells", (char *)store};
    int argc = 6;
    if (mode)
        argv[argc++] = (char *)mode;
    if (shard)
        argv[argc++] = (char *)shard;
    checker_t c;
    cr_assert_eq(checker_start(&c, &info, argc, argv), CHECKER_RUN);
    checker_section(&c, NULL, "cell|draw");
    cr_assert_eq(checker_run_cells(&c, 11, toy_cell, NULL, 2), 0);
    return checker_finish(&c);
}

Test(cells, shards_then_assemble_equal_single_run)
{
    char d[] = "/tmp/cells_shardXXXXXX";
    cr_assert_not_null(mkdtemp(d));
    char out1[64], out2[64], st1[64], st2[64], p1[96], p2[96];
    snprintf(out1, sizeof out1, "%s/one", d);
    snprintf(out2, sizeof out2, "%s/two", d);
    snprintf(st1, sizeof st1, "%s/st1", d);
    snprintf(st2, sizeof st2, "%s/st2", d);
    cr_assert_eq(run_toy(out1, st1, "--fresh", NULL), 0);
    cr_assert_eq(run_toy(out2, st2, "--assemble", NULL), 2); /* nothing stored yet */
    snprintf(p2, sizeof p2, "%s/t_cells.csv", out2);
    cr_assert_eq(access(p2, F_OK), -1);
    cr_assert_eq(run_toy(out2, st2, "--shard", "0/3"), 0);
    cr_assert_eq(run_toy(out2, st2, "--shard", "2/3"), 0);
    cr_assert_eq(access(p2, F_OK), -1); /* shards write no table */
    cr_assert_eq(run_toy(out2, st2, "--assemble", NULL), 2); /* shard 1/3 missing */
    cr_assert_eq(run_toy(out2, st2, "--shard", "1/3"), 0);
    cr_assert_eq(run_toy(out2, st2, "--assemble", NULL), 0);
    snprintf(p1, sizeof p1, "%s/t_cells.csv", out1);
    char *t1 = slurp_file(p1), *t2 = slurp_file(p2);
    cr_assert_not_null(t1);
    cr_assert_not_null(t2);
    cr_assert_str_eq(strstr(t1, "section,"), strstr(t2, "section,"));
    cr_assert(strstr(t1, "later,7,") != NULL, "cell 7's own section");
    free(t1);
    free(t2);
    rm_rf(d);
}
