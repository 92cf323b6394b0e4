/*
 * digits.c — train a spiking network on the 8x8 digits from C: the network, encoding and schedule of
 * examples/python/digits.py, through the bps_sequential_* functions of the C ABI.
 *
 *   Linear(64 -> 128, KaimingNormal(scale 4), zero bias; mA) -> LIF(128, tau 10 ms, V_th 1 mV,
 *   V_reset = V_rest = 0, soft reset, Sigmoid(alpha 4) surrogate) -> Linear(128 -> 10, KaimingNormal,
 *   zero bias) -> Expon(10, tau 10 ms); softmax cross-entropy of the output's mean over T = 20 steps of
 *   1 ms; Adam in batches of 64, lr 5e-3 decaying by 0.85 per epoch (ExponentialLR); every fifth image
 *   (index % 5 == 4) tests, the others train.
 *   Pixels are rate-coded with the counter-based hash digits.py uses, so both train on the same spikes.
 *
 * Usage: digits DATA.csv [--epochs N] [--seed S]
 *   DATA.csv: one image per line, 64 pixel values (0..16) then the label, e.g. written by
 *   `python examples/python/digits.py --export-csv digits.csv` (scikit-learn's bundled digits).
 *
 * Prints the test accuracy per epoch and ends with one line:
 *   RESULT {"test_accuracy": ..., "test_accuracy_before": ..., "final_loss": ..., "w1_checksum": ...}
 *
 * Build against an installed brainpystate:
 *   cc -O2 digits.c $(pkg-config --cflags --libs brainpystate) -lm -o digits
 */
#include <brainpystate.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { STEPS = 20, PIXELS = 64, HIDDEN = 128, CLASSES = 10, BATCH = 64, MAX_IMAGES = 4096 };

static int failed(bps_status status, const char *what) {
    if (status == BPS_OK) return 0;
    fprintf(stderr, "digits: %s failed: %s: %s\n", what, bps_status_name(status), bps_last_error_message());
    return 1;
}
#define TRY(call) do { if (failed((call), #call)) goto fail; } while (0)

static uint64_t splitmix64(uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Rate code of the images ids[0..n-1] into x[STEPS][n][PIXELS] (digits.py's encode). */
static void encode(const double *pixels, const int64_t *ids, int64_t n, int epoch, uint64_t seed, uint8_t *x) {
    uint64_t base = (seed * 1000u + (uint64_t)epoch) << 20;
    for (int t = 0; t < STEPS; t++)
        for (int64_t i = 0; i < n; i++)
            for (int p = 0; p < PIXELS; p++) {
                uint64_t counter = ((base + (uint64_t)ids[i]) << 11) + (uint64_t)t * 64u + (uint64_t)p;
                double uniform = (double)(splitmix64(counter) >> 11) * 0x1p-53;
                x[((int64_t)t * n + i) * PIXELS + p] = uniform < pixels[ids[i] * PIXELS + p] / 20.0;
            }
}

/* Test accuracy: argmax of the output's mean over time, on the fixed encoding digits.py evaluates. */
static int evaluate(bps_sequential *net, const double *pixels, const int32_t *labels, const int64_t *ids, int64_t n,
                    uint64_t seed, double *out_accuracy) {
    uint8_t *x = malloc((size_t)STEPS * 256 * PIXELS);
    float *y = malloc(sizeof(float) * STEPS * 256 * CLASSES);
    int correct = 0, ok = x && y;
    for (int64_t s = 0; ok && s < n; s += 256) {
        int64_t m = n - s < 256 ? n - s : 256;
        encode(pixels, ids + s, m, 0, seed + 1, x);
        int64_t len = 0;
        ok = !failed(bps_sequential_forward(net, x, BPS_DTYPE_UINT8, STEPS, m), "forward") &&
             !failed(bps_sequential_get_output(net, -1, y, STEPS * m * CLASSES, BPS_DTYPE_FLOAT32, &len), "get_output");
        for (int64_t i = 0; ok && i < m; i++) {
            double best = -INFINITY;
            int arg = 0;
            for (int c = 0; c < CLASSES; c++) {
                double sum = 0;
                for (int t = 0; t < STEPS; t++) sum += y[((int64_t)t * m + i) * CLASSES + c];
                if (sum > best) { best = sum; arg = c; }
            }
            correct += arg == labels[ids[s + i]];
        }
    }
    free(x);
    free(y);
    *out_accuracy = (double)correct / (double)n;
    return ok ? 0 : 1;
}

static int64_t read_csv(const char *path, double *pixels, int32_t *labels) {
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "digits: cannot open %s\n", path); return -1; }
    int64_t n = 0;
    for (;;) {
        double v[PIXELS + 1];
        int k = 0;
        for (; k <= PIXELS; k++)
            if (fscanf(f, k == 0 ? "%lf" : " ,%lf", &v[k]) != 1) break;
        if (k == 0) break;
        if (k != PIXELS + 1 || n >= MAX_IMAGES) { fprintf(stderr, "digits: %s: bad line %lld\n", path, (long long)n + 1); fclose(f); return -1; }
        memcpy(pixels + n * PIXELS, v, sizeof(double) * PIXELS);
        labels[n++] = (int32_t)v[PIXELS];
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv) {
    const char *path = NULL;
    int epochs = 15;
    uint64_t seed = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--epochs") && i + 1 < argc) epochs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (argv[i][0] != '-' && !path) path = argv[i];
        else { fprintf(stderr, "usage: digits DATA.csv [--epochs N] [--seed S]\n"); return 2; }
    }
    if (!path || epochs < 0) { fprintf(stderr, "usage: digits DATA.csv [--epochs N] [--seed S]\n"); return 2; }

    double *pixels = malloc(sizeof(double) * MAX_IMAGES * PIXELS);
    int32_t *labels = malloc(sizeof(int32_t) * MAX_IMAGES);
    uint8_t *x = malloc((size_t)STEPS * BATCH * PIXELS);
    int64_t *train = malloc(sizeof(int64_t) * MAX_IMAGES), *test = malloc(sizeof(int64_t) * MAX_IMAGES);
    int32_t *batch_labels = malloc(sizeof(int32_t) * BATCH);
    bps_sequential *net = NULL;
    int status = 1;
    if (!pixels || !labels || !x || !train || !test || !batch_labels) goto fail;
    int64_t n = read_csv(path, pixels, labels);
    if (n < 5 * BATCH) { fprintf(stderr, "digits: %s holds %lld images, too few\n", path, (long long)n); goto fail; }
    int64_t n_train = 0, n_test = 0;   /* every fifth image tests */
    for (int64_t i = 0; i < n; i++) {
        if (i % 5 == 4) test[n_test++] = i;
        else train[n_train++] = i;
    }

    bps_sequential_options opts;
    TRY(bps_sequential_options_init(&opts));
    opts.dt = 1.0;
    opts.seed = seed;
    TRY(bps_sequential_new(&opts, &net));
    int32_t layer;
    TRY(bps_sequential_add_layer(net, "Linear", PIXELS, HIDDEN, &layer));
    const char *scale_key[] = {"scale"};
    const double scale4[] = {4.0};
    TRY(bps_sequential_init_array(net, 0, "weight", "KaimingNormal", 1, scale_key, scale4));
    TRY(bps_sequential_init_array(net, 0, "bias", "ZeroInit", 0, NULL, NULL));
    TRY(bps_sequential_add_layer(net, "LIF", HIDDEN, HIDDEN, &layer));
    TRY(bps_sequential_set_param(net, 1, "tau", 10.0, "ms"));
    TRY(bps_sequential_set_param(net, 1, "V_th", 1.0, "mV"));
    TRY(bps_sequential_set_param(net, 1, "V_reset", 0.0, "mV"));
    TRY(bps_sequential_set_param(net, 1, "V_rest", 0.0, "mV"));
    const char *alpha_key[] = {"alpha"};
    const double alpha4[] = {4.0};
    TRY(bps_sequential_set_surrogate(net, 1, "Sigmoid", 1, alpha_key, alpha4));
    TRY(bps_sequential_add_layer(net, "Linear", HIDDEN, CLASSES, &layer));
    TRY(bps_sequential_init_array(net, 2, "weight", "KaimingNormal", 0, NULL, NULL));
    TRY(bps_sequential_init_array(net, 2, "bias", "ZeroInit", 0, NULL, NULL));
    TRY(bps_sequential_add_layer(net, "Expon", CLASSES, CLASSES, &layer));
    TRY(bps_sequential_set_param(net, 3, "tau", 10.0, "ms"));
    const char *lr_key[] = {"lr"};
    const double lr[] = {5e-3};
    TRY(bps_sequential_set_optimizer(net, "Adam", 1, lr_key, lr));
    const char *sched_key[] = {"gamma"};
    const double gamma[] = {0.85};
    TRY(bps_sequential_set_scheduler(net, "ExponentialLR", 1, sched_key, gamma));

    bps_loss_options loss;
    TRY(bps_loss_options_init(&loss));   /* softmax cross-entropy of the mean over time */
    double acc0, acc = 0, mean_loss = 0;
    if (evaluate(net, pixels, labels, test, n_test, seed, &acc0)) goto fail;
    for (int epoch = 0; epoch < epochs; epoch++) {
        double sum = 0;
        int batches = 0;
        for (int64_t s = 0; s + BATCH <= n_train; s += BATCH) {
            encode(pixels, train + s, BATCH, epoch, seed, x);
            for (int b = 0; b < BATCH; b++) batch_labels[b] = labels[train[s + b]];
            double value;
            TRY(bps_sequential_grad(net, x, BPS_DTYPE_UINT8, STEPS, BATCH, &loss, batch_labels, BATCH, BPS_DTYPE_INT32,
                                    &value, NULL));
            TRY(bps_sequential_optimizer_step(net));
            sum += value;
            batches++;
        }
        TRY(bps_sequential_scheduler_step(net));
        mean_loss = sum / batches;
        if (evaluate(net, pixels, labels, test, n_test, seed, &acc)) goto fail;
        printf("epoch %2d: mean training loss %.4f, test accuracy %.3f\n", epoch + 1, mean_loss, acc);
    }
    float w[PIXELS * HIDDEN];
    int64_t len;
    TRY(bps_sequential_get_array(net, 0, "weight", w, PIXELS * HIDDEN, BPS_DTYPE_FLOAT32, &len));
    double checksum = 0;
    for (int64_t i = 0; i < len; i++) checksum += fabs((double)w[i]);
    printf("digits (C): %lld training / %lld test images, test accuracy %.3f before, %.3f after %d epochs\n",
           (long long)n_train, (long long)n_test, acc0, acc, epochs);
    printf("RESULT {\"test_accuracy\": %.17g, \"test_accuracy_before\": %.17g, \"final_loss\": %.17g, "
           "\"w1_checksum\": %.17g}\n", acc, acc0, mean_loss, checksum);
    status = 0;
fail:
    bps_sequential_delete(net);
    free(pixels);
    free(labels);
    free(x);
    free(train);
    free(test);
    free(batch_labels);
    return status;
}
