/*
 * test_training — the training ABI (bps_sequential_*): a Linear -> LIF -> Linear -> Expon network is
 * built, trained and read through C; every bad input returns its status and a message naming the
 * problem and leaves the network as it was (the same loss and gradients afterwards); wrong handle
 * kinds are rejected; checkpointing changes no gradient; the surrogates evaluate as braintools defines;
 * the worker-thread count changes no gradient and an options struct of an older size still works.
 */
#include "bps_test.h"

#include <stddef.h>
#include <stdint.h>

#define T 30
#define B 6
#define NIN 8
#define NH 12
#define NOUT 3

static uint8_t x[T * B * NIN];
static int32_t labels[B];

static bps_sequential *build_threads(int precision, int32_t threads) {
    bps_sequential_options o;
    OK(bps_sequential_options_init(&o));
    CHECK(o.dt == 0.1 && o.precision == 32 && o.seed == 0 && o.num_threads == 0, "options defaults: dt %g, precision %d, threads %d",
          o.dt, o.precision, o.num_threads);
    o.dt = 1.0;
    o.precision = precision;
    o.seed = 5;
    o.num_threads = threads;
    bps_sequential *s = NULL;
    OK(bps_sequential_new(&o, &s));
    int32_t layer = -1;
    OK(bps_sequential_add_layer(s, "Linear", NIN, NH, &layer));
    CHECK(layer == 0, "first layer index %d", layer);
    const char *k[] = {"mean", "std"};
    const double v[] = {0.9, 0.8};
    OK(bps_sequential_init_array(s, 0, "weight", "Normal", 2, k, v));
    OK(bps_sequential_add_layer(s, "LIF", NH, NH, &layer));
    OK(bps_sequential_set_param(s, 1, "tau", 0.02, "s"));       /* 20 ms through the unit */
    OK(bps_sequential_set_option(s, 1, "spk_fun", "Sigmoid"));
    OK(bps_sequential_add_layer(s, "Linear", NH, NOUT, &layer));
    OK(bps_sequential_init_array(s, 2, "weight", "XavierNormal", 0, NULL, NULL));
    OK(bps_sequential_add_layer(s, "Expon", NOUT, NOUT, &layer));
    OK(bps_sequential_set_param(s, 3, "tau", 10, NULL));
    CHECK(layer == 3, "last layer index %d", layer);
    return s;
}

static bps_sequential *build(int precision) { return build_threads(precision, 1); }

static double grad_loss(bps_sequential *s, float *gw, int64_t cap) {
    bps_loss_options lo;
    OK(bps_loss_options_init(&lo));
    double loss = -1, acc = -1;
    OK(bps_sequential_grad(s, x, BPS_DTYPE_UINT8, T, B, &lo, labels, B, BPS_DTYPE_INT32, &loss, &acc));
    CHECK(acc >= 0 && acc <= 1, "accuracy %g", acc);
    int64_t len = 0;
    OK(bps_sequential_get_grad(s, 0, "weight", gw, cap, BPS_DTYPE_FLOAT32, &len));
    CHECK(len == NIN * NH, "gradient length %lld", (long long)len);
    return loss;
}

int main(void) {
    uint64_t r = 12345;
    for (int i = 0; i < T * B * NIN; i++) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        x[i] = (r >> 60) < 3;
    }
    for (int b = 0; b < B; b++) labels[b] = b % NOUT;

    bps_sequential *s = build(32);
    int32_t n = 0;
    OK(bps_sequential_num_layers(s, &n));
    CHECK(n == 4, "num_layers %d", n);
    const char *kind = NULL;
    int64_t in = 0, out = 0;
    OK(bps_sequential_layer_info(s, 1, &kind, &in, &out));
    CHECK(kind && !strcmp(kind, "LIF") && in == NH && out == NH, "layer 1 is %s %lld -> %lld", kind, (long long)in, (long long)out);
    const char *name = NULL;
    int64_t len = 0;
    int32_t trainable = -1;
    OK(bps_sequential_array_info(s, 0, 1, &name, &len, &trainable));
    CHECK(name && !strcmp(name, "bias") && len == NH && trainable == 1, "layer 0 array 1: %s %lld %d", name, (long long)len, trainable);
    OK(bps_sequential_array_info(s, 1, 0, &name, &len, &trainable));
    CHECK(name && !strcmp(name, "tau") && len == NH && trainable == 0, "LIF array 0: %s %lld %d", name, (long long)len, trainable);
    EXPECT_ERR(bps_sequential_array_info(s, 1, 1, &name, &len, &trainable), BPS_ERR_OUT_OF_RANGE, "index 1");
    double tau = 0;
    OK(bps_sequential_get_param(s, 1, "tau", "ms", &tau));
    CHECK(tau == 20, "tau read back %g ms", tau);

    /* wrong call order */
    float buf[NIN * NH];
    EXPECT_ERR(bps_sequential_get_output(s, -1, buf, NIN * NH, BPS_DTYPE_FLOAT32, &len), BPS_ERR_BAD_STATE, "nothing has run");
    EXPECT_ERR(bps_sequential_optimizer_step(s), BPS_ERR_BAD_STATE, "no optimizer");

    float g0[NIN * NH], g1[NIN * NH];
    double loss0 = grad_loss(s, g0, NIN * NH);
    CHECK(loss0 > 0 && isfinite(loss0), "loss %g", loss0);
    double gnorm = 0;
    for (int i = 0; i < NIN * NH; i++) gnorm += (double)g0[i] * g0[i];
    CHECK(gnorm > 0, "the input weights get a gradient through the surrogate");

    /* bad inputs: each leaves the network as it was */
    bps_loss_options lo;
    OK(bps_loss_options_init(&lo));
    double loss;
    float xf[T * B * NIN];
    for (int i = 0; i < T * B * NIN; i++) xf[i] = x[i];
    xf[17] = NAN;
    EXPECT_ERR(bps_sequential_grad(s, xf, BPS_DTYPE_FLOAT32, T, B, &lo, labels, B, BPS_DTYPE_INT32, &loss, NULL),
               BPS_ERR_INVALID_ARGUMENT, "input element 17");
    EXPECT_ERR(bps_sequential_grad(s, x, BPS_DTYPE_UINT8, T, 0, &lo, labels, B, BPS_DTYPE_INT32, &loss, NULL),
               BPS_ERR_INVALID_ARGUMENT, "positive");
    int32_t bad_labels[B] = {0, 1, 2, 3, 0, 1};
    EXPECT_ERR(bps_sequential_grad(s, x, BPS_DTYPE_UINT8, T, B, &lo, bad_labels, B, BPS_DTYPE_INT32, &loss, NULL),
               BPS_ERR_OUT_OF_RANGE, "label 3");
    EXPECT_ERR(bps_sequential_grad(s, x, BPS_DTYPE_UINT8, T, B, &lo, labels, B - 1, BPS_DTYPE_INT32, &loss, NULL),
               BPS_ERR_OUT_OF_RANGE, "batch of 6");
    double ftarget[B * NOUT] = {0};
    EXPECT_ERR(bps_sequential_grad(s, x, BPS_DTYPE_UINT8, T, B, &lo, ftarget, B * NOUT, BPS_DTYPE_FLOAT64, &loss, NULL),
               BPS_ERR_TYPE, "integer labels");
    lo.loss = "hinge";
    EXPECT_ERR(bps_sequential_grad(s, x, BPS_DTYPE_UINT8, T, B, &lo, labels, B, BPS_DTYPE_INT32, &loss, NULL),
               BPS_ERR_UNKNOWN_NAME, "hinge");
    lo.loss = "squared_error";
    lo.reduce = "median";
    EXPECT_ERR(bps_sequential_grad(s, x, BPS_DTYPE_UINT8, T, B, &lo, labels, B, BPS_DTYPE_INT32, &loss, NULL),
               BPS_ERR_UNKNOWN_NAME, "median");
    EXPECT_ERR(bps_sequential_set_param(s, 1, "tau", 5, "mV"), BPS_ERR_UNIT, "tau");
    EXPECT_ERR(bps_sequential_set_param(s, 1, "tau", -5, "ms"), BPS_ERR_INVALID_ARGUMENT, "positive");
    EXPECT_ERR(bps_sequential_set_param(s, 1, "V_th", NAN, NULL), BPS_ERR_INVALID_ARGUMENT, "finite");
    EXPECT_ERR(bps_sequential_set_param(s, 1, "tau_m", 5, NULL), BPS_ERR_UNKNOWN_NAME, "tau_m");
    EXPECT_ERR(bps_sequential_set_param(s, 9, "tau", 5, NULL), BPS_ERR_OUT_OF_RANGE, "layer 9");
    EXPECT_ERR(bps_sequential_set_option(s, 1, "spk_reset", "medium"), BPS_ERR_INVALID_ARGUMENT, "soft");
    EXPECT_ERR(bps_sequential_set_option(s, 1, "spk_fun", "Tanh"), BPS_ERR_UNKNOWN_NAME, "Tanh");
    const char *bad_key[] = {"beta"};
    const double one[] = {1};
    EXPECT_ERR(bps_sequential_set_surrogate(s, 1, "Sigmoid", 1, bad_key, one), BPS_ERR_UNKNOWN_NAME, "beta");
    EXPECT_ERR(bps_sequential_set_surrogate(s, 2, "Sigmoid", 0, NULL, NULL), BPS_ERR_INVALID_ARGUMENT, "not a neuron layer");
    EXPECT_ERR(bps_sequential_init_array(s, 0, "weight", "Glorot", 0, NULL, NULL), BPS_ERR_UNKNOWN_NAME, "Glorot");
    EXPECT_ERR(bps_sequential_init_array(s, 0, "kernel", "ZeroInit", 0, NULL, NULL), BPS_ERR_UNKNOWN_NAME, "kernel");
    float w[NIN * NH];
    OK(bps_sequential_get_array(s, 0, "weight", w, NIN * NH, BPS_DTYPE_FLOAT32, &len));
    w[3] = INFINITY;
    EXPECT_ERR(bps_sequential_set_array(s, 0, "weight", w, NIN * NH, BPS_DTYPE_FLOAT32), BPS_ERR_INVALID_ARGUMENT, "weight[3]");
    w[3] = 0;
    EXPECT_ERR(bps_sequential_set_array(s, 0, "weight", w, 7, BPS_DTYPE_FLOAT32), BPS_ERR_OUT_OF_RANGE, "96 elements");
    EXPECT_ERR(bps_sequential_get_array(s, 0, "weight", w, 10, BPS_DTYPE_FLOAT32, &len), BPS_ERR_BUFFER_TOO_SMALL, "96 needed");
    CHECK(len == NIN * NH, "needed length %lld", (long long)len);
    EXPECT_ERR(bps_sequential_add_layer(s, "Dropout", NOUT, NOUT, NULL), BPS_ERR_UNKNOWN_NAME, "Dropout");
    EXPECT_ERR(bps_sequential_add_layer(s, "Linear", NOUT + 1, 2, NULL), BPS_ERR_INVALID_ARGUMENT, "does not match");
    EXPECT_ERR(bps_sequential_add_layer(s, "LIF", NOUT, NOUT + 1, NULL), BPS_ERR_INVALID_ARGUMENT, "one size");
    EXPECT_ERR(bps_sequential_add_layer(s, "Linear", NOUT, -4, NULL), BPS_ERR_INVALID_ARGUMENT, "sizes");
    EXPECT_ERR(bps_sequential_add_layer(s, "Linear", NOUT, 2000000000, NULL), BPS_ERR_OUT_OF_RANGE, "too large");
    bps_loss_options plain;
    OK(bps_loss_options_init(&plain));
    EXPECT_ERR(bps_sequential_grad(s, x, BPS_DTYPE_UINT8, 1000000, 1000000, &plain, labels, B, BPS_DTYPE_INT32, &loss, NULL),
               BPS_ERR_OUT_OF_RANGE, "too large");
    EXPECT_ERR(bps_sequential_set_checkpointing(s, 0), BPS_ERR_INVALID_ARGUMENT, "≥ 1");
    const char *lr_key[] = {"lr"};
    const double neg[] = {-1};
    EXPECT_ERR(bps_sequential_set_optimizer(s, "Adam", 1, lr_key, neg), BPS_ERR_INVALID_ARGUMENT, "lr");
    EXPECT_ERR(bps_sequential_set_optimizer(s, "Adagrad", 0, NULL, NULL), BPS_ERR_UNKNOWN_NAME, "Adagrad");
    EXPECT_ERR(bps_sequential_set_scheduler(s, "StepLR", 0, NULL, NULL), BPS_ERR_BAD_STATE, "no optimizer");
    double same = grad_loss(s, g1, NIN * NH);
    CHECK(same == loss0 && !memcmp(g0, g1, sizeof g0), "after the refused calls: loss %.9g vs %.9g", same, loss0);

    /* checkpointing recomputes the same states: identical gradients */
    OK(bps_sequential_set_checkpointing(s, 7));
    same = grad_loss(s, g1, NIN * NH);
    CHECK(same == loss0 && !memcmp(g0, g1, sizeof g0), "checkpointing every 7 steps changed the gradient");
    OK(bps_sequential_set_checkpointing(s, 1));

    /* handles: deleted, NULL, foreign kinds */
    bps_network *net = NULL;
    OK(bps_network_new(NULL, &net));
    EXPECT_ERR(bps_sequential_forward((bps_sequential *)net, x, BPS_DTYPE_UINT8, T, B), BPS_ERR_BAD_HANDLE, "not a live sequential");
    EXPECT_ERR(bps_network_compile((bps_network *)s), BPS_ERR_BAD_HANDLE, "not a live network");
    EXPECT_ERR(bps_sequential_delete((bps_sequential *)net), BPS_ERR_BAD_HANDLE, "not a live sequential");
    OK(bps_network_delete(net));
    EXPECT_ERR(bps_sequential_num_layers(NULL, &n), BPS_ERR_BAD_HANDLE, "NULL");
    OK(bps_sequential_delete(NULL));

    /* training: Adam lowers the loss of this fixed task; the step count and lr read back */
    const char *keys[] = {"lr", "beta1"};
    const double vals[] = {0.05, 0.9};
    OK(bps_sequential_set_optimizer(s, "Adam", 2, keys, vals));
    EXPECT_ERR(bps_sequential_add_layer(s, "Linear", NOUT, 2, NULL), BPS_ERR_BAD_STATE, "before registering");
    double first = 0, last = 0;
    for (int it = 0; it < 40; it++) {
        last = grad_loss(s, g1, NIN * NH);
        if (it == 0) first = last;
        OK(bps_sequential_optimizer_step(s));
    }
    CHECK(last < 0.7 * first, "Adam: loss %g -> %g", first, last);
    int64_t steps = 0;
    OK(bps_sequential_get_step_count(s, &steps));
    CHECK(steps == 40, "step count %lld", (long long)steps);
    const char *sk[] = {"step_size", "gamma"};
    const double sv[] = {2, 0.5};
    OK(bps_sequential_set_scheduler(s, "StepLR", 2, sk, sv));
    double lr = 0;
    OK(bps_sequential_scheduler_step(s));
    OK(bps_sequential_scheduler_step(s));
    OK(bps_sequential_get_lr(s, &lr));
    CHECK(bps_close(lr, 0.025, 1e-15), "StepLR after 2 epochs: %g", lr);
    /* a step that would overflow the parameters is refused and changes nothing */
    float big[NIN * NH];
    for (int i = 0; i < NIN * NH; i++) big[i] = 3e38f;
    OK(bps_sequential_get_array(s, 0, "weight", w, NIN * NH, BPS_DTYPE_FLOAT32, &len));
    OK(bps_sequential_set_grad(s, 0, "weight", big, NIN * NH, BPS_DTYPE_FLOAT32));
    bps_sequential *sgd = build(32);
    OK(bps_sequential_set_optimizer(sgd, "SGD", 1, lr_key, (const double[]){1e10}));
    OK(bps_sequential_set_grad(sgd, 0, "weight", big, NIN * NH, BPS_DTYPE_FLOAT32));
    float before[NIN * NH], after[NIN * NH];
    OK(bps_sequential_get_array(sgd, 0, "weight", before, NIN * NH, BPS_DTYPE_FLOAT32, &len));
    EXPECT_ERR(bps_sequential_optimizer_step(sgd), BPS_ERR_INVALID_ARGUMENT, "left unchanged");
    OK(bps_sequential_get_array(sgd, 0, "weight", after, NIN * NH, BPS_DTYPE_FLOAT32, &len));
    CHECK(!memcmp(before, after, sizeof before), "a refused step changed the weights");
    OK(bps_sequential_delete(sgd));

    /* forward only: the output and the hidden spikes */
    OK(bps_sequential_forward(s, x, BPS_DTYPE_UINT8, T, B));
    static double spikes[T * B * NH];
    OK(bps_sequential_get_output(s, 1, spikes, T * B * NH, BPS_DTYPE_FLOAT64, &len));
    int binary = 1, count = 0;
    for (int i = 0; i < T * B * NH; i++) { binary &= spikes[i] == 0 || spikes[i] == 1; count += spikes[i] == 1; }
    CHECK(binary && count > 0, "LIF outputs are spikes (%d of them)", count);
    OK(bps_sequential_delete(s));
    EXPECT_ERR(bps_sequential_forward(s, x, BPS_DTYPE_UINT8, T, B), BPS_ERR_BAD_HANDLE, "deleted");

    /* surrogates: braintools' formulas */
    const double pts[3] = {-0.5, 0, 0.5};
    double fwd[3], grad[3];
    OK(bps_surrogate_eval("ReluGrad", 0, NULL, NULL, pts, 3, fwd, grad));
    CHECK(fwd[0] == 0 && fwd[1] == 1 && fwd[2] == 1, "Heaviside forward");
    CHECK(bps_close(grad[0], 0.15, 1e-15) && bps_close(grad[1], 0.3, 1e-15), "ReluGrad' %g %g", grad[0], grad[1]);
    const char *ak[] = {"alpha"};
    OK(bps_surrogate_eval("Sigmoid", 1, ak, (const double[]){2}, pts, 3, NULL, grad));
    CHECK(bps_close(grad[1], 0.5, 1e-15), "Sigmoid(alpha 2)' at 0 = %g", grad[1]);
    EXPECT_ERR(bps_surrogate_eval("Sigmoid", 1, ak, (const double[]){NAN}, pts, 3, NULL, grad), BPS_ERR_INVALID_ARGUMENT, "finite");
    /* worker threads: the same gradients bit for bit; 0 resolves to the cores; bad counts refused */
    {
        float g1t[NIN * NH], g2t[NIN * NH];
        bps_sequential *one = build_threads(32, 1), *two = build_threads(32, 2), *all = build_threads(32, 0);
        int32_t threads = -1;
        OK(bps_sequential_get_num_threads(two, &threads));
        CHECK(threads == 2, "num_threads read back %d", threads);
        OK(bps_sequential_get_num_threads(all, &threads));
        CHECK(threads >= 1, "num_threads 0 resolves to the cores, got %d", threads);
        double l1 = grad_loss(one, g1t, NIN * NH), l2 = grad_loss(two, g2t, NIN * NH);
        CHECK(l1 == l2 && !memcmp(g1t, g2t, sizeof g1t), "1 and 2 threads: loss %.17g vs %.17g, gradients %s", l1, l2,
              memcmp(g1t, g2t, sizeof g1t) ? "differ" : "equal");
        bps_sequential_delete(one);
        bps_sequential_delete(two);
        bps_sequential_delete(all);
        bps_sequential_options o;
        OK(bps_sequential_options_init(&o));
        o.num_threads = -1;
        bps_sequential *bad = NULL;
        EXPECT_ERR(bps_sequential_new(&o, &bad), BPS_ERR_INVALID_ARGUMENT, "num_threads");
        CHECK(bad == NULL, "a refused bps_sequential_new leaves *out_seq untouched");
        /* a caller compiled before num_threads existed: its struct ends at precision */
        o.struct_size = (uint32_t)offsetof(bps_sequential_options, num_threads);
        o.num_threads = -1;   /* beyond its struct: not read */
        OK(bps_sequential_new(&o, &bad));
        OK(bps_sequential_get_num_threads(bad, &threads));
        CHECK(threads >= 1, "an older options struct gets the default thread count, got %d", threads);
        bps_sequential_delete(bad);
        EXPECT_ERR(bps_sequential_get_num_threads(NULL, &threads), BPS_ERR_BAD_HANDLE, "");
    }
    return bps_test_finish("test_training");
}
