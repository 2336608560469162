/* permutation.c -- permutations: parsing, pixel actions, cycle type, d_l (see permutation.h). */
#include "equivariant/permutation.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/fmpz_mat.h>
#include <flint/fmpz_poly.h>
#include <flint/ulong_extras.h>

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

void permutation_init(permutation_t *p)
{
    p->n = 0;
    p->image = NULL;
}

void permutation_clear(permutation_t *p)
{
    free(p->image);
    permutation_init(p);
}

static int permutation_resize(permutation_t *p, long n)
{
    long *img = malloc((size_t)(n > 0 ? n : 1) * sizeof *img);
    if (!img)
        return -1;
    free(p->image);
    p->image = img;
    p->n = n;
    return 0;
}

int permutation_set_identity(permutation_t *p, long n)
{
    if (n < 1 || permutation_resize(p, n) != 0)
        return -1;
    for (long i = 0; i < n; i++)
        p->image[i] = i;
    return 0;
}

int permutation_set_image(permutation_t *p, const long *image, long n, char *err, size_t errlen)
{
    if (n < 1) {
        set_err(err, errlen, "empty permutation");
        return -1;
    }
    char *seen = calloc((size_t)n, 1);
    if (!seen) {
        set_err(err, errlen, "out of memory for n = %ld", n);
        return -1;
    }
    for (long i = 0; i < n; i++) {
        long v = image[i];
        if (v < 0 || v >= n) {
            set_err(err, errlen, "not a bijection: image %ld of point %ld is out of range 1..%ld",
                    v + 1, i + 1, n);
            free(seen);
            return -1;
        }
        if (seen[v]) {
            set_err(err, errlen, "not a bijection: value %ld occurs twice", v + 1);
            free(seen);
            return -1;
        }
        seen[v] = 1;
    }
    free(seen);
    if (permutation_resize(p, n) != 0) {
        set_err(err, errlen, "out of memory for n = %ld", n);
        return -1;
    }
    memcpy(p->image, image, (size_t)n * sizeof *image);
    return 0;
}

/* ---------------------------------------------------------------- number lists */

/* Read a positive decimal integer at *s (after optional blanks); advance *s. */
static int read_point(const char **s, long *out)
{
    while (**s == ' ' || **s == '\t' || **s == ',')
        (*s)++;
    if (!isdigit((unsigned char)**s))
        return -1;
    errno = 0;
    char *end;
    long v = strtol(*s, &end, 10);
    if (errno || v > (1L << 40))
        return -2;
    *s = end;
    *out = v;
    return 0;
}

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return s;
}

/* Pass 1 over cycle notation: syntax and the largest point. */
static int cycles_scan(const char *s, long *max_point, char *err, size_t errlen)
{
    long mx = 0;
    s = skip_blanks(s);
    while (*s) {
        if (*s != '(') {
            set_err(err, errlen, "cycle notation: expected '(' at \"%.12s\"", s);
            return -1;
        }
        s++;
        for (;;) {
            s = skip_blanks(s);
            while (*s == ',')
                s = skip_blanks(s + 1);
            if (*s == ')')
                break;
            long v;
            int rc = read_point(&s, &v);
            if (rc != 0) {
                if (rc == -2)
                    set_err(err, errlen, "cycle notation: point too large");
                else if (*s)
                    set_err(err, errlen, "cycle notation: unexpected \"%.12s\" (points are "
                                         "positive integers)", s);
                else
                    set_err(err, errlen, "cycle notation: missing ')'");
                return -1;
            }
            if (v < 1) {
                set_err(err, errlen, "out-of-range point 0 (points are 1-based)");
                return -1;
            }
            if (v > mx)
                mx = v;
        }
        s = skip_blanks(s + 1);
    }
    *max_point = mx;
    return 0;
}

/* Pass 2: fill the images; checks repeated and out-of-range points. */
static int cycles_fill(const char *s, long n, long *image, char *err, size_t errlen)
{
    char *used = calloc((size_t)n, 1);
    if (!used) {
        set_err(err, errlen, "out of memory for n = %ld", n);
        return -1;
    }
    for (long i = 0; i < n; i++)
        image[i] = i;
    int rc = 0;
    s = skip_blanks(s);
    while (*s == '(' && rc == 0) {
        s++;
        long first = -1, prev = -1, v;
        while (read_point(&s, &v) == 0) {
            if (v > n) {
                set_err(err, errlen, "out-of-range point %ld (n = %ld)", v, n);
                rc = -1;
                break;
            }
            if (used[v - 1]) {
                set_err(err, errlen, "repeated point %ld in the cycle notation", v);
                rc = -1;
                break;
            }
            used[v - 1] = 1;
            if (prev >= 0)
                image[prev] = v - 1;
            else
                first = v - 1;
            prev = v - 1;
        }
        if (rc == 0 && prev >= 0)
            image[prev] = first;
        s = skip_blanks(s);
        if (*s == ')')
            s = skip_blanks(s + 1);
    }
    free(used);
    return rc;
}

static int parse_cycles(permutation_t *p, const char *spec, long n, char *err, size_t errlen)
{
    long mx;
    if (cycles_scan(spec, &mx, err, errlen) != 0)
        return -1;
    if (n > 0 && mx > n) {
        set_err(err, errlen, "out-of-range point %ld (n = %ld)", mx, n);
        return -1;
    }
    if (n <= 0)
        n = mx;
    if (n > PERMUTATION_MAX_N) {
        set_err(err, errlen, "n = %ld too large (at most %ld points)", n, PERMUTATION_MAX_N);
        return -1;
    }
    if (n < 1) {
        set_err(err, errlen, "empty input: \"()\" needs an explicit n");
        return -1;
    }
    long *img = malloc((size_t)n * sizeof *img);
    if (!img) {
        set_err(err, errlen, "out of memory for n = %ld", n);
        return -1;
    }
    int rc = cycles_fill(spec, n, img, err, errlen);
    if (rc == 0)
        rc = permutation_set_image(p, img, n, err, errlen);
    free(img);
    return rc;
}

static int parse_one_line(permutation_t *p, const char *spec, long n, char *err, size_t errlen)
{
    const char *s = skip_blanks(spec);
    int bracket = (*s == '[');
    if (bracket)
        s++;
    long cap = 16, len = 0, v;
    long *img = malloc((size_t)cap * sizeof *img);
    if (!img)
        return -1;
    int rc;
    while ((rc = read_point(&s, &v)) == 0) {
        if (len == cap) {
            cap *= 2;
            long *t = realloc(img, (size_t)cap * sizeof *img);
            if (!t) {
                free(img);
                set_err(err, errlen, "out of memory");
                return -1;
            }
            img = t;
        }
        if (v < 1) {
            set_err(err, errlen, "out-of-range point 0 (points are 1-based)");
            free(img);
            return -1;
        }
        img[len++] = v - 1;
    }
    s = skip_blanks(s);
    if (bracket && *s == ']')
        s = skip_blanks(s + 1);
    if (rc == -2 || *s) {
        set_err(err, errlen, "one-line notation: unexpected \"%.12s\"", s);
        free(img);
        return -1;
    }
    if (len == 0) {
        set_err(err, errlen, "empty input");
        free(img);
        return -1;
    }
    if (n > 0 && n != len) {
        set_err(err, errlen, "one-line notation lists %ld images but n = %ld", len, n);
        free(img);
        return -1;
    }
    rc = permutation_set_image(p, img, len, err, errlen);
    free(img);
    return rc;
}

/* "image:ACTION:p[:t[:t2]]" or "volume:...". */
static int parse_action(permutation_t *p, const char *spec, long n, char *err, size_t errlen)
{
    char kind[16] = "", action[16] = "";
    const char *colon = strchr(spec, ':');
    const char *colon2 = colon ? strchr(colon + 1, ':') : NULL;
    if (!colon || !colon2 || colon - spec >= 15 || colon2 - colon - 1 >= 15) {
        set_err(err, errlen, "built-in action: expected image:ACTION:p[:t[:t2]] or "
                             "volume:ACTION:p[:t[:t2]]");
        return -1;
    }
    memcpy(kind, spec, (size_t)(colon - spec));
    memcpy(action, colon + 1, (size_t)(colon2 - colon - 1));
    long vals[3] = {0, 0, -1};
    int nv = 0;
    const char *s = colon2 + 1;
    while (nv < 3) {
        errno = 0;
        char *end;
        if (!isdigit((unsigned char)*s) && *s != '-') {
            set_err(err, errlen, "built-in action: expected an integer at \"%.12s\"", s);
            return -1;
        }
        vals[nv++] = strtol(s, &end, 10);
        if (errno) {
            set_err(err, errlen, "built-in action: number out of range");
            return -1;
        }
        s = end;
        if (*s == '\0')
            break;
        if (*s != ':') {
            set_err(err, errlen, "built-in action: unexpected \"%.12s\"", s);
            return -1;
        }
        s++;
    }
    if (*s) {
        set_err(err, errlen, "built-in action: too many fields");
        return -1;
    }
    int rc;
    if (strcmp(kind, "image") == 0)
        rc = permutation_image_action(p, action, vals[0], vals[1], vals[2], err, errlen);
    else if (strcmp(kind, "volume") == 0)
        rc = permutation_volume_action(p, action, vals[0], vals[1], vals[2], err, errlen);
    else {
        set_err(err, errlen, "unknown built-in kind \"%s\" (image or volume)", kind);
        return -1;
    }
    if (rc == 0 && n > 0 && p->n != n) {
        set_err(err, errlen, "the action has size %ld but n = %ld", p->n, n);
        return -1;
    }
    return rc;
}

int permutation_parse(permutation_t *p, const char *spec, long n, char *err, size_t errlen)
{
    if (!spec) {
        set_err(err, errlen, "empty input");
        return -1;
    }
    const char *s = skip_blanks(spec);
    if (*s == '\0') {
        set_err(err, errlen, "empty input");
        return -1;
    }
    if (*s == '(')
        return parse_cycles(p, s, n, err, errlen);
    if (isdigit((unsigned char)*s) || *s == '[')
        return parse_one_line(p, s, n, err, errlen);
    if (isalpha((unsigned char)*s))
        return parse_action(p, s, n, err, errlen);
    set_err(err, errlen, "unrecognised permutation \"%.12s\" (cycle notation, one-line "
                         "notation or image:/volume: action)", s);
    return -1;
}

/* ---------------------------------------------------------------- pixel actions */

/* Where the content of pixel (i, j) moves under ACTION on a p x p image; -1 if unknown. */
static int image_move(const char *action, long size, long t, long t2, long i, long j,
                      long *oi, long *oj)
{
    if (strcmp(action, "right") == 0) {
        *oi = i;
        *oj = (j + t) % size;
    } else if (strcmp(action, "down") == 0) {
        *oi = (i + t) % size;
        *oj = j;
    } else if (strcmp(action, "both") == 0) {
        *oi = (i + t2) % size;
        *oj = (j + t) % size;
    } else if (strcmp(action, "rot90") == 0) {
        *oi = j;
        *oj = size - 1 - i;
    } else if (strcmp(action, "hflip") == 0) {
        *oi = i;
        *oj = size - 1 - j;
    } else if (strcmp(action, "transpose") == 0) {
        *oi = j;
        *oj = i;
    } else {
        return -1;
    }
    return 0;
}

static int action_uses_shift(const char *a)
{
    return strcmp(a, "right") == 0 || strcmp(a, "down") == 0 || strcmp(a, "both") == 0 ||
           strcmp(a, "deep") == 0;
}

static int check_action_args(const char *kind, const char *action, long size, long maxp,
                             long *t, long *t2, char *err, size_t errlen)
{
    if (size < 1 || size > maxp) {
        set_err(err, errlen, "%s size p = %ld out of range 1..%ld", kind, size, maxp);
        return -1;
    }
    if (action_uses_shift(action)) {
        if (*t < 0 || *t >= size) {
            set_err(err, errlen, "shift t = %ld out of range 0..%ld for p = %ld", *t,
                    size - 1, size);
            return -1;
        }
        if (*t2 == -1 || strcmp(action, "both") != 0)
            *t2 = *t;
        if (*t2 < 0 || *t2 >= size) {
            set_err(err, errlen, "shift t2 = %ld out of range 0..%ld for p = %ld", *t2,
                    size - 1, size);
            return -1;
        }
    }
    return 0;
}

int permutation_image_action(permutation_t *p, const char *action, long size, long t, long t2,
                             char *err, size_t errlen)
{
    if (check_action_args("image", action, size, PERMUTATION_IMAGE_MAX_P, &t, &t2, err,
                          errlen) != 0)
        return -1;
    long oi, oj;
    if (strcmp(action, "deep") == 0 || image_move(action, size, t, t2, 0, 0, &oi, &oj) != 0) {
        set_err(err, errlen, "unknown image action \"%s\" (right, down, both, rot90, hflip, "
                             "transpose)", action);
        return -1;
    }
    if (permutation_resize(p, size * size) != 0) {
        set_err(err, errlen, "out of memory");
        return -1;
    }
    for (long i = 0; i < size; i++)
        for (long j = 0; j < size; j++) {
            image_move(action, size, t, t2, i, j, &oi, &oj);
            p->image[i * size + j] = oi * size + oj;
        }
    return 0;
}

int permutation_volume_action(permutation_t *p, const char *action, long size, long t, long t2,
                              char *err, size_t errlen)
{
    if (check_action_args("volume", action, size, PERMUTATION_VOLUME_MAX_P, &t, &t2, err,
                          errlen) != 0)
        return -1;
    int deep = strcmp(action, "deep") == 0;
    long oi, oj;
    if (!deep && image_move(action, size, t, t2, 0, 0, &oi, &oj) != 0) {
        set_err(err, errlen, "unknown volume action \"%s\" (right, down, both, deep, rot90, "
                             "hflip, transpose)", action);
        return -1;
    }
    long plane = size * size;
    if (permutation_resize(p, plane * size) != 0) {
        set_err(err, errlen, "out of memory");
        return -1;
    }
    for (long z = 0; z < size; z++)
        for (long i = 0; i < size; i++)
            for (long j = 0; j < size; j++) {
                long oz = z;
                if (deep) {
                    oz = (z + t) % size;
                    oi = i;
                    oj = j;
                } else {
                    image_move(action, size, t, t2, i, j, &oi, &oj);
                }
                p->image[z * plane + i * size + j] = oz * plane + oi * size + oj;
            }
    return 0;
}

/* ---------------------------------------------------------------- printing */

typedef struct {
    char *buf;
    size_t len, cap;
} strbuf_t;

static void sb_printf(strbuf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(strbuf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    if (b->len + (size_t)k + 1 > b->cap) {
        size_t cap = 2 * (b->len + (size_t)k + 1) + 64;
        char *t = realloc(b->buf, cap);
        if (!t)
            return;
        b->buf = t;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)k;
}

char *permutation_to_cycle_string(const permutation_t *p)
{
    strbuf_t b = {NULL, 0, 0};
    char *seen = calloc((size_t)(p->n > 0 ? p->n : 1), 1);
    for (long i = 0; seen && i < p->n; i++) {
        if (seen[i] || p->image[i] == i)
            continue;
        sb_printf(&b, "(");
        for (long j = i; !seen[j]; j = p->image[j]) {
            seen[j] = 1;
            sb_printf(&b, j == i ? "%ld" : " %ld", j + 1);
        }
        sb_printf(&b, ")");
    }
    free(seen);
    if (b.len == 0)
        sb_printf(&b, "()");
    return b.buf;
}

/* ---------------------------------------------------------------- cycle type, d_l */

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

int permutation_cycle_type(permutation_cycle_type_t *ct, const permutation_t *p)
{
    memset(ct, 0, sizeof *ct);
    long n = p->n;
    char *seen = calloc((size_t)(n > 0 ? n : 1), 1);
    long *len = malloc((size_t)(n > 0 ? n : 1) * sizeof *len);
    if (!seen || !len) {
        free(seen);
        free(len);
        return -1;
    }
    long k = 0;
    for (long i = 0; i < n; i++) {
        if (seen[i])
            continue;
        long c = 0;
        for (long j = i; !seen[j]; j = p->image[j]) {
            seen[j] = 1;
            c++;
        }
        len[k++] = c;
    }
    qsort(len, (size_t)k, sizeof *len, cmp_long);
    ct->classes = malloc((size_t)(k > 0 ? k : 1) * sizeof *ct->classes);
    if (!ct->classes) {
        free(seen);
        free(len);
        return -1;
    }
    ct->n = n;
    ct->num_cycles = k;
    for (long i = 0; i < k; i++) {
        if (ct->num_classes > 0 && ct->classes[ct->num_classes - 1].length == len[i]) {
            ct->classes[ct->num_classes - 1].count++;
        } else {
            ct->classes[ct->num_classes].length = len[i];
            ct->classes[ct->num_classes].count = 1;
            ct->num_classes++;
        }
    }
    free(seen);
    free(len);
    return 0;
}

void permutation_cycle_type_clear(permutation_cycle_type_t *ct)
{
    free(ct->classes);
    memset(ct, 0, sizeof *ct);
}

char *permutation_cycle_type_string(const permutation_cycle_type_t *ct)
{
    strbuf_t b = {NULL, 0, 0};
    for (long i = ct->num_classes - 1; i >= 0; i--)
        sb_printf(&b, "%s%ld^%ld", i == ct->num_classes - 1 ? "" : " ", ct->classes[i].length,
                  ct->classes[i].count);
    if (b.len == 0)
        sb_printf(&b, "-");
    return b.buf;
}

void permutation_order(fmpz_t order, const permutation_cycle_type_t *ct)
{
    fmpz_one(order);
    fmpz_t c;
    fmpz_init(c);
    for (long i = 0; i < ct->num_classes; i++) {
        fmpz_set_si(c, ct->classes[i].length);
        fmpz_lcm(order, order, c);
    }
    fmpz_clear(c);
}

static int cmp_eigen(const void *a, const void *b)
{
    const permutation_eigen_t *x = a, *y = b;
    return (x->l > y->l) - (x->l < y->l);
}

/* d_l = sum over cycle classes (c, count) with l | c of count. */
int permutation_spectrum(permutation_spectrum_t *s, const permutation_cycle_type_t *ct)
{
    memset(s, 0, sizeof *s);
    long cap = 16, len = 0;
    permutation_eigen_t *e = malloc((size_t)cap * sizeof *e);
    if (!e)
        return -1;
    for (long i = 0; i < ct->num_classes; i++) {
        long c = ct->classes[i].length;
        for (long l = 1; l * l <= c; l++) {
            if (c % l)
                continue;
            long pair[2] = {l, c / l};
            for (int h = 0; h < (l * l == c ? 1 : 2); h++) {
                if (len == cap) {
                    cap *= 2;
                    permutation_eigen_t *t = realloc(e, (size_t)cap * sizeof *e);
                    if (!t) {
                        free(e);
                        return -1;
                    }
                    e = t;
                }
                e[len].l = pair[h];
                e[len].d = ct->classes[i].count;
                len++;
            }
        }
    }
    qsort(e, (size_t)len, sizeof *e, cmp_eigen);
    long w = 0;
    for (long i = 0; i < len; i++) {
        if (w > 0 && e[w - 1].l == e[i].l)
            e[w - 1].d += e[i].d;
        else
            e[w++] = e[i];
    }
    s->n = ct->n;
    s->count = w;
    s->e = e;
    return 0;
}

void permutation_spectrum_clear(permutation_spectrum_t *s)
{
    free(s->e);
    memset(s, 0, sizeof *s);
}

long permutation_spectrum_d(const permutation_spectrum_t *s, long l)
{
    long lo = 0, hi = s->count - 1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        if (s->e[mid].l == l)
            return s->e[mid].d;
        if (s->e[mid].l < l)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- exact eigenspaces */

long permutation_power_apply(const permutation_t *p, long i, long t)
{
    if (t >= 0) {
        for (long s = 0; s < t; s++)
            i = p->image[i];
        return i;
    }
    /* sigma^{-1}: walk the cycle of i until the predecessor is found */
    for (long s = 0; s < -t; s++) {
        long j = i;
        while (p->image[j] != i)
            j = p->image[j];
        i = j;
    }
    return i;
}

/* M += c * P^t, where P^t[sigma^t(i)][i] = 1. */
static void add_power(fmpz_mat_t M, const permutation_t *p, long t, const fmpz_t c)
{
    for (long i = 0; i < p->n; i++)
        fmpz_add(fmpz_mat_entry(M, permutation_power_apply(p, i, t), i),
                 fmpz_mat_entry(M, permutation_power_apply(p, i, t), i), c);
}

long permutation_cyclotomic_nullity(const permutation_t *p, long l)
{
    fmpz_poly_t phi;
    fmpz_poly_init(phi);
    fmpz_poly_cyclotomic(phi, (ulong)l);
    fmpz_mat_t M;
    fmpz_mat_init(M, p->n, p->n);
    for (long t = 0; t <= fmpz_poly_degree(phi); t++)
        if (!fmpz_is_zero(phi->coeffs + t))
            add_power(M, p, t, phi->coeffs + t);
    long nullity = p->n - fmpz_mat_rank(M);
    fmpz_mat_clear(M);
    fmpz_poly_clear(phi);
    return nullity;
}

long permutation_power_fixed_nullity(const permutation_t *p, long l)
{
    fmpz_mat_t M;
    fmpz_mat_init(M, p->n, p->n);
    fmpz_t c;
    fmpz_init_set_si(c, 1);
    add_power(M, p, l, c);
    fmpz_set_si(c, -1);
    add_power(M, p, 0, c);
    long nullity = p->n - fmpz_mat_rank(M);
    fmpz_clear(c);
    fmpz_mat_clear(M);
    return nullity;
}

long permutation_pair_orbit_count(const permutation_t *p)
{
    long n = p->n, orbits = 0;
    char *seen = calloc((size_t)(n * n > 0 ? n * n : 1), 1);
    if (!seen)
        return -1;
    for (long a = 0; a < n * n; a++) {
        if (seen[a])
            continue;
        orbits++;
        long i = a / n, j = a % n;
        while (!seen[i * n + j]) {
            seen[i * n + j] = 1;
            i = p->image[i];
            j = p->image[j];
        }
    }
    free(seen);
    return orbits;
}

long permutation_cycle_index(const permutation_t *p, long *idx)
{
    long k = 0;
    for (long i = 0; i < p->n; i++)
        idx[i] = -1;
    for (long i = 0; i < p->n; i++) {
        if (idx[i] >= 0)
            continue;
        for (long j = i; idx[j] < 0; j = p->image[j])
            idx[j] = k;
        k++;
    }
    return k;
}

int permutation_next_lex(long *a, long n)
{
    long i = n - 2;
    while (i >= 0 && a[i] > a[i + 1])
        i--;
    if (i < 0)
        return 0;
    long j = n - 1;
    while (a[j] < a[i])
        j--;
    long t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (long x = i + 1, y = n - 1; x < y; x++, y--) {
        t = a[x];
        a[x] = a[y];
        a[y] = t;
    }
    return 1;
}

int permutation_set_random(permutation_t *p, long n, flint_rand_t st)
{
    if (permutation_set_identity(p, n) != 0)
        return -1;
    for (long i = n - 1; i > 0; i--) {
        long j = (long)n_randint(st, (ulong)(i + 1));
        long t = p->image[i];
        p->image[i] = p->image[j];
        p->image[j] = t;
    }
    return 0;
}
