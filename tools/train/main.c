/* train -- train a structured-layer MLP on an image data set with a chosen optimizer,
 * schedule and initialisation; per-epoch lines, CSV, PNG curve, checkpoints and resume.
 * See tools/train/README.md and --help. */
#include "train_cli.h"

int main(int argc, char **argv)
{
    return train_main(argc, argv);
}
