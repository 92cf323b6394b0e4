/*
 * bps_test.h — tiny assertion helpers shared by the C tests of brainpystate (header only).
 *
 * CHECK(cond, fmt, ...)   non-fatal: prints the message with file:line and counts a failure.
 * REQUIRE(cond, fmt, ...) fatal: prints the message and exits with status 1.
 * OK(call)                REQUIRE that a bps_* call returns BPS_OK; prints the status name and
 *                         bps_last_error_message() otherwise.
 * EXPECT_ERR(call, status, substring)
 *                         CHECK that the call returns `status` and that bps_last_error_message()
 *                         contains `substring` (a message that names the problem).
 * EXPECT_ERR2(call, status, substring1, substring2)
 *                         the same with two substrings that must both appear.
 * bps_test_finish(name)   prints a summary line and returns the process exit status.
 * bps_test_coba_neurons(net, size), bps_test_coba_projection(net, pre, start, stop, post, ...)
 *                         the pieces of brainpy.state's COBA network (example 103) that several
 *                         tests build.
 *
 * No test uses a wall-clock limit.
 */
#ifndef BPS_TEST_H
#define BPS_TEST_H

#include <brainpystate.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bps_test_failures = 0;
static int bps_test_checks = 0;

#define CHECK(cond, ...)                                                                        \
    do {                                                                                        \
        bps_test_checks++;                                                                      \
        if (!(cond)) {                                                                          \
            bps_test_failures++;                                                                \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);             \
            fprintf(stderr, __VA_ARGS__);                                                       \
            fputc('\n', stderr);                                                                \
        }                                                                                       \
    } while (0)

#define REQUIRE(cond, ...)                                                                      \
    do {                                                                                        \
        bps_test_checks++;                                                                      \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "%s:%d: REQUIRE(%s) failed: ", __FILE__, __LINE__, #cond);           \
            fprintf(stderr, __VA_ARGS__);                                                       \
            fputc('\n', stderr);                                                                \
            exit(1);                                                                            \
        }                                                                                       \
    } while (0)

#define OK(call)                                                                                \
    do {                                                                                        \
        bps_status ok_status_ = (call);                                                         \
        REQUIRE(ok_status_ == BPS_OK, "%s returned %s: %s", #call, bps_status_name(ok_status_),  \
                bps_last_error_message());                                                      \
    } while (0)

#define EXPECT_ERR(call, expected, substring)                                                   \
    do {                                                                                        \
        bps_status err_status_ = (call);                                                        \
        const char *err_msg_ = bps_last_error_message();                                        \
        CHECK(err_status_ == (expected), "%s returned %s, expected %s (message: %s)", #call,     \
              bps_status_name(err_status_), bps_status_name(expected), err_msg_ ? err_msg_ : "(null)"); \
        CHECK(err_msg_ != NULL && strstr(err_msg_, (substring)) != NULL,                        \
              "%s: message \"%s\" does not mention \"%s\"", #call, err_msg_ ? err_msg_ : "(null)", \
              (substring));                                                                     \
    } while (0)

#define EXPECT_ERR2(call, expected, substring1, substring2)                                      \
    do {                                                                                        \
        EXPECT_ERR(call, expected, substring1);                                                 \
        const char *err2_msg_ = bps_last_error_message();                                       \
        CHECK(err2_msg_ != NULL && strstr(err2_msg_, (substring2)) != NULL,                     \
              "%s: message \"%s\" does not mention \"%s\"", #call, err2_msg_ ? err2_msg_ : "(null)", \
              (substring2));                                                                    \
    } while (0)

static inline int bps_test_finish(const char *name) {
    if (bps_test_failures == 0) {
        printf("%s: all %d checks OK\n", name, bps_test_checks);
        return 0;
    }
    printf("%s: %d of %d checks FAILED\n", name, bps_test_failures, bps_test_checks);
    return 1;
}

/* Example 103's neurons: LIFRef with V_rest -60, V_th -50, V_reset -60 mV, tau 20 ms, tau_ref 5 ms. */
static inline int32_t bps_test_coba_neurons(bps_network *net, int64_t size) {
    int32_t pop;
    OK(bps_population_new(net, "LIFRef", size, &pop));
    OK(bps_population_set_param(net, pop, "V_rest", -60, "mV"));
    OK(bps_population_set_param(net, pop, "V_th", -50, "mV"));
    OK(bps_population_set_param(net, pop, "V_reset", -60, "mV"));
    OK(bps_population_set_param(net, pop, "tau", 20, "ms"));
    OK(bps_population_set_param(net, pop, "tau_ref", 5, "ms"));
    return pop;
}

/* An example-103 projection pre[start:stop] -> post: EventFixedProb(prob, w_mS) -> Expon(tau_ms) ->
   COBA(E_mV). */
static inline int32_t bps_test_coba_projection(bps_network *net, int32_t pre, int64_t start, int64_t stop,
                                               int32_t post, double prob, double w_mS, double tau_ms, double E_mV) {
    bps_projection_desc d;
    OK(bps_projection_desc_init(&d));
    d.pre = pre;
    d.pre_start = start;
    d.pre_stop = stop;
    d.post = post;
    d.comm = "EventFixedProb";
    d.syn = "Expon";
    d.out = "COBA";
    int32_t proj;
    OK(bps_projection_new(net, &d, &proj));
    OK(bps_projection_set_param(net, proj, "comm", "conn_prob", prob, ""));
    OK(bps_projection_set_param(net, proj, "comm", "conn_weight", w_mS, "mS"));
    OK(bps_projection_set_param(net, proj, "syn", "tau", tau_ms, "ms"));
    OK(bps_projection_set_param(net, proj, "out", "E", E_mV, "mV"));
    return proj;
}

/* Relative closeness for doubles. */
static inline int bps_close(double a, double b, double rel) {
    if (a == b) return 1;
    double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= rel * scale;
}

#endif /* BPS_TEST_H */
