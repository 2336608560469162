/* circuit_io.c -- the ".lc" text format of linear circuits (documented in circuit.h). */
#include "circuits/circuit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/report.h"

typedef struct {
    const char *name;
    long line;
    char *err;
    size_t errlen;
    slong slots; /* rational coefficients stored so far (CIRCUIT_MAX_COEFF_SLOTS) */
} parse_state_t;

static int fail(parse_state_t *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(parse_state_t *ps, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ps->err)
        snprintf(ps->err, ps->errlen, "%s:%ld: %s", ps->name, ps->line, msg);
    return -1;
}

/* Split LINE (modified in place) into blank-separated tokens (TOK has room for
 * strlen(line)/2 + 1 pointers); returns the count. */
static int tokenize(char *line, char **tok)
{
    int nt = 0;
    char *save = NULL;
    for (char *p = strtok_r(line, " \t\r", &save); p; p = strtok_r(NULL, " \t\r", &save))
        tok[nt++] = p;
    return nt;
}

static int parse_count(const char *s, slong *v)
{
    char *end;
    errno = 0;
    if (s[0] < '0' || s[0] > '9')
        return -1;
    long x = strtol(s, &end, 10);
    if (errno || *end || x < 1)
        return -1;
    *v = x;
    return 0;
}

/* "gK" -> K; -1 if the token is not a gate name. */
static slong gate_index(const char *s)
{
    if (s[0] != 'g' || s[1] < '0' || s[1] > '9' || (s[1] == '0' && s[2] != '\0'))
        return -1;
    char *end;
    errno = 0;
    long x = strtol(s + 1, &end, 10);
    return (errno || *end) ? -1 : x;
}

/* An operand of gate K; TOTAL = number of gates (inputs included) the file defines. */
static int check_operand(parse_state_t *ps, const char *tok, slong k, slong total, slong *idx)
{
    slong j = gate_index(tok);
    if (j < 0 || j >= total)
        return fail(ps, "unknown gate '%s'", tok);
    if (j == k)
        return fail(ps, "cycle: gate g%ld uses itself", (long) k);
    if (j > k)
        return fail(ps, "forward reference to g%ld in gate g%ld (a gate may use only earlier "
                    "gates; this would allow a cycle)", (long) j, (long) k);
    *idx = j;
    return 0;
}

/* gK = A gI + B gJ  (7 tokens) */
static int parse_gate(parse_state_t *ps, circuit_t c, char **tok, int nt, slong total)
{
    slong k = gate_index(tok[0]), a, b;
    if (k != c->size)
        return fail(ps, "gate %s defined out of order (expected g%ld)", tok[0], (long) c->size);
    if (nt != 7)
        return fail(ps, "wrong arity: gate %s must read 'A gI + B gJ' (exactly 2 operands), "
                    "got %d tokens after '='", tok[0], nt - 2);
    if (strcmp(tok[4], "+") != 0)
        return fail(ps, "wrong arity: expected '+' between the 2 operands of gate %s, got '%s'",
                    tok[0], tok[4]);
    cyclo_mono_t al, be;
    cyclo_mono_init(al);
    cyclo_mono_init(be);
    int rc = 0;
    if (cyclo_mono_parse(al, tok[2], c->ctx) != 0)
        rc = fail(ps, "coefficient '%s' does not parse", tok[2]);
    else if (cyclo_mono_parse(be, tok[5], c->ctx) != 0)
        rc = fail(ps, "coefficient '%s' does not parse", tok[5]);
    else if (check_operand(ps, tok[3], k, total, &a) || check_operand(ps, tok[6], k, total, &b))
        rc = -1;
    else if ((ps->slots += cyclo_mono_slots(al) + cyclo_mono_slots(be)) >
             CIRCUIT_MAX_COEFF_SLOTS)
        rc = fail(ps, "the coefficients stored so far exceed the limit of %ld rationals",
                  (long) CIRCUIT_MAX_COEFF_SLOTS);
    else if (circuit_add_gate_mono(c, a, al, b, be) < 0)
        rc = fail(ps, "out of memory at gate %s", tok[0]);
    cyclo_mono_clear(al);
    cyclo_mono_clear(be);
    return rc;
}

static int parse_outputs(parse_state_t *ps, circuit_t c, char **tok, int nt)
{
    if (nt < 2)
        return fail(ps, "outputs: at least one output gate is needed");
    slong m = nt - 1;
    if (m > CIRCUIT_MAX_OUTPUTS)
        return fail(ps, "%ld outputs, above the limit of %ld", (long) m, (long) CIRCUIT_MAX_OUTPUTS);
    slong *out = malloc((size_t) m * sizeof(slong));
    if (!out)
        return fail(ps, "out of memory for %ld outputs", (long) m);
    for (slong i = 0; i < m; i++) {
        out[i] = gate_index(tok[i + 1]);
        if (out[i] < 0 || out[i] >= c->size) {
            free(out);
            if (gate_index(tok[i + 1]) < 0)
                return fail(ps, "unknown gate '%s' in outputs", tok[i + 1]);
            return fail(ps, "output %s out of range (gates are g0..g%ld)", tok[i + 1],
                        (long) c->size - 1);
        }
    }
    circuit_set_outputs(c, m, out);
    free(out);
    return 0;
}

static int parse_field(parse_state_t *ps, char **tok, int nt, ulong *order)
{
    slong N;
    if (nt == 2 && strcmp(tok[1], "Q") == 0) {
        *order = 1;
        return 0;
    }
    if (nt == 3 && strcmp(tok[1], "cyclotomic") == 0 && parse_count(tok[2], &N) == 0) {
        /* Q(zeta_N) elements are stored as polynomials of degree < phi(N) <= N: bound N so
         * that a hostile file cannot request a huge allocation (found by fuzzing) */
        if (N < 1 || N > CIRCUIT_MAX_CYCLOTOMIC_ORDER)
            return fail(ps, "cyclotomic order %ld out of range (1..%d)", (long)N,
                        CIRCUIT_MAX_CYCLOTOMIC_ORDER);
        *order = (ulong) N;
        return 0;
    }
    return fail(ps, "field must be 'field Q' or 'field cyclotomic N' (N >= 1)");
}

/* Count the gate definitions (lines whose first token is a gate name followed by '='), so
 * that a forward reference can be told from an unknown gate. */
static slong count_gate_lines(const char *text)
{
    slong cnt = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t) (e - p) : strlen(p);
        if (len > 1 && p[0] == 'g' && p[1] >= '0' && p[1] <= '9' && memchr(p, '=', len))
            cnt++;
        p += len + (e ? 1 : 0);
    }
    return cnt;
}

enum { WANT_HEADER, WANT_FIELD, WANT_INPUTS, IN_GATES, DONE };

/* One statement (already tokenized, NT >= 1). */
static int parse_statement(parse_state_t *ps, circuit_t c, int *state, char **tok, int nt,
                           slong ngates)
{
    ulong order = 1;
    slong n = 0;
    switch (*state) {
    case WANT_HEADER:
        if (nt != 2 || strcmp(tok[0], "lincircuit") != 0 || strcmp(tok[1], "1") != 0)
            return fail(ps, "expected the header 'lincircuit 1'");
        *state = WANT_FIELD;
        return 0;
    case WANT_FIELD:
        if (strcmp(tok[0], "field") != 0)
            return fail(ps, "expected 'field Q' or 'field cyclotomic N', got '%s'", tok[0]);
        if (parse_field(ps, tok, nt, &order) != 0)
            return -1;
        cyclo_ctx_clear(c->ctx);
        cyclo_ctx_init(c->ctx, order);
        *state = WANT_INPUTS;
        return 0;
    case WANT_INPUTS:
        if (nt != 2 || strcmp(tok[0], "inputs") != 0 || parse_count(tok[1], &n) != 0)
            return fail(ps, "expected 'inputs N' with N >= 1");
        if (n > CIRCUIT_MAX_INPUTS)
            return fail(ps, "inputs %s is above the limit of %ld inputs", tok[1],
                        (long) CIRCUIT_MAX_INPUTS);
        c->n = c->size = n;
        *state = IN_GATES;
        return 0;
    case IN_GATES:
        if (strcmp(tok[0], "outputs") == 0) {
            *state = DONE;
            return parse_outputs(ps, c, tok, nt);
        }
        if (gate_index(tok[0]) >= 0 && nt >= 2 && strcmp(tok[1], "=") == 0)
            return parse_gate(ps, c, tok, nt, c->n + ngates);
        return fail(ps, "unknown statement '%s' (expected 'gK = A gI + B gJ' or 'outputs ...')",
                    tok[0]);
    default:
        return fail(ps, "text after the outputs line");
    }
}

static void reset(circuit_t c)
{
    circuit_clear(c);
    circuit_init(c, 0, 1);
}

int circuit_parse(circuit_t c, const char *text, const char *name, char *err, size_t errlen)
{
    parse_state_t ps = {name, 0, err, errlen, 0};
    slong ngates = count_gate_lines(text);
    reset(c);
    if (ngates > CIRCUIT_MAX_GATES)
        return fail(&ps, "%ld gate lines, above the limit of %ld gates", (long) ngates,
                    (long) CIRCUIT_MAX_GATES);
    size_t len = strlen(text), longest = 0;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t) (e - p) : strlen(p);
        longest = l > longest ? l : longest;
        p += l + (e ? 1 : 0);
    }
    /* a line of L characters has at most L/2 + 1 tokens */
    char *buf = malloc(len + 1), **tok = malloc((longest / 2 + 2) * sizeof(char *));
    if (!buf || !tok) {
        free(buf);
        free(tok);
        return fail(&ps, "out of memory for a text of %zu bytes", len);
    }
    memcpy(buf, text, len + 1);
    int state = WANT_HEADER, rc = 0;
    /* walk line by line by hand (strtok on newlines would skip empty lines and so break
     * the line numbers of the messages) */
    for (char *p = buf; rc == 0 && p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        ps.line++;
        char *hash = strchr(p, '#');
        if (hash)
            *hash = '\0';
        int nt = tokenize(p, tok);
        if (nt > 0)
            rc = parse_statement(&ps, c, &state, tok, nt, ngates);
        p = nl ? nl + 1 : NULL;
    }
    if (rc == 0 && state != DONE)
        rc = fail(&ps, "missing 'outputs' line at the end of the file");
    free(buf);
    free(tok);
    if (rc != 0)
        reset(c);
    return rc;
}

int circuit_read_file_err(circuit_t c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
        snprintf(err, errlen, "%s: %s, not a circuit file", path,
                 S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file");
        fclose(f);
        return -1;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
        (unsigned long long) st.st_size > CIRCUIT_MAX_FILE_BYTES) {
        snprintf(err, errlen, "%s: %lld bytes, above the limit of %lld bytes", path,
                 (long long) st.st_size, (long long) CIRCUIT_MAX_FILE_BYTES);
        fclose(f);
        return -1;
    }
    size_t cap = 4096, len = 0, k;
    char *text = malloc(cap);
    while (text && (k = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += k;
        if (len + 1 == cap) {
            if (cap > CIRCUIT_MAX_FILE_BYTES) {
                snprintf(err, errlen, "%s: more than %lld bytes, above the limit", path,
                         (long long) CIRCUIT_MAX_FILE_BYTES);
                free(text);
                fclose(f);
                return -1;
            }
            char *t = realloc(text, cap *= 2);
            if (!t)
                free(text);
            text = t;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!text || bad) {
        snprintf(err, errlen, "%s: %s", path, text ? "read error" : "out of memory");
        free(text);
        return -1;
    }
    text[len] = '\0';
    if (memchr(text, '\0', len)) {
        free(text);
        snprintf(err, errlen, "%s: not a text file (NUL byte)", path);
        return -1;
    }
    int rc = circuit_parse(c, text, path, err, errlen);
    free(text);
    return rc;
}

int circuit_read_file(circuit_t c, const char *path)
{
    char err[512];
    int rc = circuit_read_file_err(c, path, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "circuit: %s\n", err);
    return rc;
}

void circuit_write(FILE *f, const circuit_t c)
{
    fprintf(f, "lincircuit 1\n");
    if (c->ctx->order <= 1)
        fprintf(f, "field Q\n");
    else
        fprintf(f, "field cyclotomic %lu\n", (unsigned long) c->ctx->order);
    fprintf(f, "inputs %ld\n", (long) c->n);
    for (slong i = c->n; i < c->size; i++) {
        slong k = i - c->n;
        char *a = cyclo_mono_get_str(c->alpha + k, c->ctx);
        char *b = cyclo_mono_get_str(c->beta + k, c->ctx);
        fprintf(f, "g%ld = %s g%ld + %s g%ld\n", (long) i, a, (long) c->op_a[k], b,
                (long) c->op_b[k]);
        flint_free(a);
        flint_free(b);
    }
    fprintf(f, "outputs");
    for (slong i = 0; i < c->m; i++)
        fprintf(f, " g%ld", (long) c->out[i]);
    fprintf(f, "\n");
}

int circuit_write_file(const char *path, const circuit_t c)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        fprintf(stderr, "circuit: out of memory writing %s\n", path);
        return -1;
    }
    circuit_write(f, c);
    fclose(f);
    int rc = report_write_atomic(path, text, len);
    free(text);
    return rc;
}
