/* cell_cmd.c -- `sweep cell`: one cell of a store, for scripts (tools/sweep/README.md).
 *
 * A script's unit of work (e.g. a mutant of `make mutants`) is stored as a cell file of the
 * same format as the programs' cells (algebra/report/cells.h): key = hash of its
 * description, records = whatever the script wants back, atomic write, checksum. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/cells.h"
#include "tools/sweep/sweep.h"

#define CELL_RECORD_MAX (16L << 20)

static int cell_get(const char *dir, const char *desc, const char *key)
{
    char *rec = NULL, why[128] = "";
    size_t len = 0;
    int rc = cell_store_read(dir, key, desc, &rec, &len, why);
    if (rc == 0)
        return 1;
    if (rc < 0) {
        fprintf(stderr, "sweep cell: %s/%s.cell: %s; not used (recompute it)\n", dir, key, why);
        return 1;
    }
    fwrite(rec, 1, len, stdout);
    free(rec);
    return fflush(stdout) == 0 ? 0 : 2;
}

static int cell_put(const char *dir, const char *desc, const char *key, const char *file)
{
    FILE *f = fopen(file, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > CELL_RECORD_MAX) {
        fprintf(stderr, "sweep cell put: %s: %s\n", file,
                !f ? strerror(errno) : "not a regular file of at most 16 MiB");
        if (f)
            fclose(f);
        return 2;
    }
    char *rec = malloc((size_t)st.st_size + 1);
    size_t n = rec ? fread(rec, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!rec || n != (size_t)st.st_size) {
        fprintf(stderr, "sweep cell put: %s: cannot read\n", file);
        free(rec);
        return 2;
    }
    int rc = cell_store_make_dirs(dir) == 0 ? cell_store_write(dir, key, desc, rec, n) : -1;
    free(rec);
    if (rc != 0) {
        fprintf(stderr, "sweep cell put: cannot write the cell into %s\n", dir);
        return 2;
    }
    return 0;
}

int sweep_cell(int argc, char **argv)
{
    /* argv[0] = "cell", argv[1] = get|put|key */
    const char *what = argc >= 2 ? argv[1] : "";
    int want = strcmp(what, "get") == 0 ? 4 : strcmp(what, "put") == 0 ? 5
               : strcmp(what, "key") == 0 ? 3 : -1;
    if (want < 0 || argc != want) {
        fprintf(stderr, "sweep cell: usage: sweep cell get DIR DESC | put DIR DESC FILE | key DESC\n");
        return 2;
    }
    const char *desc = argv[want == 3 ? 2 : 3];
    if (!*desc || strchr(desc, '\n')) {
        fprintf(stderr, "sweep cell: the description must be one non-empty line\n");
        return 2;
    }
    char key[33];
    cells_hash_hex(cells_hash(desc, strlen(desc)), key);
    if (want == 3) {
        printf("%s\n", key);
        return 0;
    }
    return want == 4 ? cell_get(argv[2], desc, key) : cell_put(argv[2], desc, key, argv[4]);
}
