/* toeplitz_gram.c - Frobenius inner products of Gram matrices of lower-triangular Toeplitz
 * matrices, for the fast layers' init (no n x n weight formed). */
#include "trainer/toeplitz_gram.h"

#include <math.h>
#include <stddef.h>

/* <T(a)^T T(b), T(c)^T T(d)>_F for the lower-triangular Toeplitz matrices T(v)[p][j] =
 * v[p-j] (p >= j) = K(Z_0, v): M = T(a)^T T(b) satisfies M[j+1][k+1] = M[j][k] -
 * a[n-1-j] b[n-1-k], so each diagonal of M (and of the second Gram) is a running sum from
 * its first row or column: O(n^2) time, O(n) memory, instead of the O(n^3) dense product. */
double toeplitz_gram_dot(const double *a, const double *b, const double *c, const double *d,
                         int n)
{
    double tot = 0.0;
    for (int side = 0; side < 2; side++) /* side 0: diagonals from row 0 (k0 >= 0); 1: column 0 */
        for (int o = side; o < n; o++) {
            int j = side ? o : 0, k = side ? 0 : o;
            double m1 = 0.0, m2 = 0.0; /* first entries: sum_{p >= max(j,k)} a[p-j] b[p-k] */
            for (int p = o; p < n; p++) {
                m1 += a[p - j] * b[p - k];
                m2 += c[p - j] * d[p - k];
            }
            for (;;) {
                tot += m1 * m2;
                if (j + 1 >= n || k + 1 >= n) break;
                m1 -= a[n - 1 - j] * b[n - 1 - k];
                m2 -= c[n - 1 - j] * d[n - 1 - k];
                j++; k++;
            }
        }
    return tot;
}

double toeplitz_gram_init_scale(const double *A, const double *B, int r, int n)
{
    double fro = 0.0;
    for (int i = 0; i < r; i++)
        for (int i2 = 0; i2 < r; i2++)
            fro += toeplitz_gram_dot(A + (size_t)i * n, A + (size_t)i2 * n, B + (size_t)i * n,
                                     B + (size_t)i2 * n, n);
    return fro > 0 ? sqrt(sqrt(2.0 * n / fro)) : 1.0;
}
