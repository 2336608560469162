/* opspec.c -- operators from command-line specifications (see opspec.h). */
#include "ldr/opspec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/matfile.h"
#include "io/qparse.h"

const char *opspec_help(void)
{
    return "  Z:f            Z_f (ones on the subdiagonal, f in the top-right corner), f rational\n"
           "  ZT:f           the transpose Z_f^T\n"
           "  diag:FILE      diagonal operator from a vector of n entries\n"
           "  subdiag:FILE[:c]  subdiagonal a_1..a_{n-1} from a vector of n-1 entries,\n"
           "                 top-right corner c (default 0)\n"
           "  tridiag:FILE   tridiagonal + corners from an n x 3 table, row i =\n"
           "                 (A[i][i-1 mod n], A[i][i], A[i][i+1 mod n])\n"
           "  dense:FILE or FILE   a full n x n matrix\n"
           "  I, 0           the identity, the zero operator\n"
           "  FILE: Matrix Market (.mtx, decimals read exactly) or NumPy .npy\n";
}

static int parse_rational(fmpq_t f, const char *s, const char *spec, char *err, size_t errlen)
{
    const char *why;
    if (qparse_fmpq_str(f, s, &why) == 0)
        return 0;
    snprintf(err, errlen, "operator '%s': %s in '%s'", spec, why, s);
    return -1;
}

static int init_shift(op_t *A, const char *spec, const char *arg, slong n, int transpose, char *err,
                      size_t errlen)
{
    fmpq_t f;
    fmpq_init(f);
    int rc = parse_rational(f, arg, spec, err, errlen);
    if (rc == 0) {
        op_t Z;
        op_init_zf(transpose ? &Z : A, n, f);
        if (transpose) {
            op_init_transpose(A, &Z);
            op_clear(&Z);
        }
    }
    fmpq_clear(f);
    return rc;
}

static int init_diag(op_t *A, const char *file, slong n, char *err, size_t errlen)
{
    fmpq *d = _fmpq_vec_init(n);
    int rc = matfile_read_vector(d, n, file, "the diagonal", err, errlen);
    if (rc == 0)
        op_init_diag(A, n, d);
    _fmpq_vec_clear(d, n);
    return rc;
}

/* "FILE[:c]": the corner is the text after the last ':' when FILE itself does not exist. */
static int init_subdiag(op_t *A, const char *arg, const char *spec, slong n, char *err,
                        size_t errlen)
{
    char *file = strdup(arg);
    fmpq_t c;
    fmpq_init(c);
    int rc = 0;
    char *colon = strrchr(file, ':');
    if (colon && access(file, F_OK) != 0) {
        *colon = '\0';
        rc = parse_rational(c, colon + 1, spec, err, errlen);
    }
    slong k = n > 0 ? n - 1 : 0;
    fmpq *a = _fmpq_vec_init(k + 1);
    if (rc == 0)
        rc = matfile_read_vector(a, k, file, "the subdiagonal (n-1 entries)", err, errlen);
    if (rc == 0)
        op_init_subdiag(A, n, a, c);
    _fmpq_vec_clear(a, k + 1);
    fmpq_clear(c);
    free(file);
    return rc;
}

static int init_tridiag(op_t *A, const char *file, slong n, char *err, size_t errlen)
{
    fmpq_mat_t T;
    if (matfile_read(T, file, err, errlen))
        return -1;
    if (fmpq_mat_nrows(T) != n || fmpq_mat_ncols(T) != 3) {
        snprintf(err, errlen,
                 "%s: a tridiagonal operator needs a table of %ld x 3 (sub, diag, super "
                 "per row), the file holds %ld x %ld",
                 file, (long)n, (long)fmpq_mat_nrows(T), (long)fmpq_mat_ncols(T));
        fmpq_mat_clear(T);
        return -1;
    }
    fmpq *d = _fmpq_vec_init(n + 1), *sub = _fmpq_vec_init(n + 1), *sup = _fmpq_vec_init(n + 1);
    for (slong i = 0; i < n; i++)
        fmpq_set(d + i, fmpq_mat_entry(T, i, 1));
    for (slong i = 1; i < n; i++) {
        fmpq_set(sub + i - 1, fmpq_mat_entry(T, i, 0));     /* A[i][i-1] */
        fmpq_set(sup + i - 1, fmpq_mat_entry(T, i - 1, 2)); /* A[i-1][i] */
    }
    op_init_tridiag(A, n, d, sub, sup, fmpq_mat_entry(T, 0, 0), fmpq_mat_entry(T, n - 1, 2));
    _fmpq_vec_clear(d, n + 1);
    _fmpq_vec_clear(sub, n + 1);
    _fmpq_vec_clear(sup, n + 1);
    fmpq_mat_clear(T);
    return 0;
}

static int init_dense(op_t *A, const char *file, slong n, char *err, size_t errlen)
{
    fmpq_mat_t D;
    if (matfile_read(D, file, err, errlen))
        return -1;
    if (fmpq_mat_nrows(D) != n || fmpq_mat_ncols(D) != n) {
        snprintf(err, errlen, "%s: the operator must be %ld x %ld, the file holds %ld x %ld", file,
                 (long)n, (long)n, (long)fmpq_mat_nrows(D), (long)fmpq_mat_ncols(D));
        fmpq_mat_clear(D);
        return -1;
    }
    op_init_dense(A, D);
    fmpq_mat_clear(D);
    return 0;
}

static void init_scalar_diag(op_t *A, slong n, slong value)
{
    fmpq *d = _fmpq_vec_init(n + 1);
    for (slong i = 0; i < n; i++)
        fmpq_set_si(d + i, value, 1);
    op_init_diag(A, n, d);
    _fmpq_vec_clear(d, n + 1);
}

int opspec_parse(op_t *A, const char *spec, slong n, char *err, size_t errlen)
{
    if (strcmp(spec, "I") == 0 || strcmp(spec, "0") == 0) {
        init_scalar_diag(A, n, spec[0] == 'I');
        return 0;
    }
    if (strncmp(spec, "Z:", 2) == 0)
        return init_shift(A, spec, spec + 2, n, 0, err, errlen);
    if (strncmp(spec, "ZT:", 3) == 0)
        return init_shift(A, spec, spec + 3, n, 1, err, errlen);
    if (strncmp(spec, "diag:", 5) == 0)
        return init_diag(A, spec + 5, n, err, errlen);
    if (strncmp(spec, "subdiag:", 8) == 0)
        return init_subdiag(A, spec + 8, spec, n, err, errlen);
    if (strncmp(spec, "tridiag:", 8) == 0) {
        if (n < 3) {
            snprintf(err, errlen, "operator '%s': tridiag needs n >= 3 (n = %ld)", spec, (long)n);
            return -1;
        }
        return init_tridiag(A, spec + 8, n, err, errlen);
    }
    if (strncmp(spec, "dense:", 6) == 0)
        return init_dense(A, spec + 6, n, err, errlen);
    if (access(spec, F_OK) == 0)
        return init_dense(A, spec, n, err, errlen);
    snprintf(err, errlen,
             "operator '%s': not a known form (Z:f, ZT:f, diag:FILE, subdiag:FILE[:c], "
             "tridiag:FILE, dense:FILE, I, 0) nor an existing file",
             spec);
    return -1;
}
