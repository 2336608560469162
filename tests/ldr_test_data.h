/* ldr_test_data.h -- locate tests/data from the directory the unit tests run in
 * (make check-unit runs them in BUILD/check-results; a manual run may start elsewhere). */
#ifndef TESTS_LDR_TEST_DATA_H
#define TESTS_LDR_TEST_DATA_H

#include <stdio.h>
#include <unistd.h>

/* Path of tests/data/NAME, written into BUF (static per call site is the caller's choice). */
static inline const char *ldr_test_data(char *buf, size_t len, const char *name)
{
    static const char *roots[] = {"tests/data", "../tests/data", "../../tests/data",
                                  "../../../tests/data"};
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        snprintf(buf, len, "%s/%s", roots[i], name);
        if (access(buf, R_OK) == 0)
            return buf;
    }
    snprintf(buf, len, "tests/data/%s", name);
    return buf;
}

#endif
