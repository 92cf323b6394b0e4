/*
 * test_abi — the library's identity and the boundary helpers that need no network:
 * version macros vs the loaded library, bps_status_name of every code, and the unit grammar of
 * bps_unit_convert (prefixes, products, quotients, powers, UTF-8 µ and Ω, malformed strings,
 * wrong dimensions).
 */
#include "bps_test.h"

static void check_versions(void) {
    CHECK(bps_abi_version() == BPS_ABI_VERSION, "bps_abi_version() = %u, header BPS_ABI_VERSION = %d",
          bps_abi_version(), BPS_ABI_VERSION);
    const char *v = bps_version_string();
    REQUIRE(v != NULL, "bps_version_string() returned NULL");
    CHECK(strcmp(v, BPS_VERSION_STRING) == 0, "bps_version_string() = \"%s\", header says \"%s\"", v,
          BPS_VERSION_STRING);
    char expected[64];
    snprintf(expected, sizeof expected, "%d.%d.%d", BPS_VERSION_MAJOR, BPS_VERSION_MINOR, BPS_VERSION_PATCH);
    CHECK(strcmp(BPS_VERSION_STRING, expected) == 0, "BPS_VERSION_STRING \"%s\" != major.minor.patch \"%s\"",
          BPS_VERSION_STRING, expected);
    /* Static storage: the same pointer every time. */
    CHECK(bps_version_string() == v, "bps_version_string() is not static storage");
}

static void check_status_names(void) {
    static const struct { bps_status code; const char *name; } codes[] = {
        {BPS_OK, "BPS_OK"},
        {BPS_ERR_INVALID_ARGUMENT, "BPS_ERR_INVALID_ARGUMENT"},
        {BPS_ERR_NULL_POINTER, "BPS_ERR_NULL_POINTER"},
        {BPS_ERR_BAD_HANDLE, "BPS_ERR_BAD_HANDLE"},
        {BPS_ERR_UNKNOWN_NAME, "BPS_ERR_UNKNOWN_NAME"},
        {BPS_ERR_UNIT, "BPS_ERR_UNIT"},
        {BPS_ERR_OUT_OF_RANGE, "BPS_ERR_OUT_OF_RANGE"},
        {BPS_ERR_BUFFER_TOO_SMALL, "BPS_ERR_BUFFER_TOO_SMALL"},
        {BPS_ERR_TYPE, "BPS_ERR_TYPE"},
        {BPS_ERR_BAD_STATE, "BPS_ERR_BAD_STATE"},
        {BPS_ERR_CANCELLED, "BPS_ERR_CANCELLED"},
        {BPS_ERR_OUT_OF_MEMORY, "BPS_ERR_OUT_OF_MEMORY"},
        {BPS_ERR_INTERNAL, "BPS_ERR_INTERNAL"},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *name = bps_status_name(codes[i].code);
        REQUIRE(name != NULL, "bps_status_name(%d) returned NULL", codes[i].code);
        CHECK(strcmp(name, codes[i].name) == 0, "bps_status_name(%d) = \"%s\", expected \"%s\"", codes[i].code,
              name, codes[i].name);
    }
    /* Codes outside the table still give a non-NULL string that is none of the real names. */
    const bps_status odd[] = {-1, 13, 99, 1000000};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        const char *name = bps_status_name(odd[i]);
        REQUIRE(name != NULL, "bps_status_name(%d) returned NULL", odd[i]);
        for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
            CHECK(strcmp(name, codes[k].name) != 0, "bps_status_name(%d) = \"%s\", the name of a real code",
                  odd[i], name);
        }
    }
}

/* value from -> to must give `expected` (relative 1e-12). */
static void conv(double value, const char *from, const char *to, double expected) {
    double out = -12345.0;
    bps_status s = bps_unit_convert(value, from, to, &out);
    CHECK(s == BPS_OK, "bps_unit_convert(%g, \"%s\", \"%s\") returned %s: %s", value, from, to,
          bps_status_name(s), bps_last_error_message());
    if (s == BPS_OK) {
        CHECK(bps_close(out, expected, 1e-12), "bps_unit_convert(%g, \"%s\", \"%s\") = %.17g, expected %.17g", value,
              from, to, out, expected);
    }
}

static void check_conversions(void) {
    conv(20, "mA", "uA", 20000);
    conv(1, "A", "nA", 1e9);
    conv(3, "pA", "A", 3e-12);
    conv(10, "ms", "s", 0.01);
    conv(0.1, "ms", "ms", 0.1);
    conv(-65, "mV", "V", -0.065);
    conv(2, "mM", "M", 2e-3);
    conv(2, "mM", "uM", 2000);
    conv(1, "1/(ms*mM)", "1/(s*M)", 1e6);
    conv(1, "1/(ms*mM)", "1/(ms*M)", 1e3);
    conv(1, "1 / (ms * mM)", "ms^-1*mM^-1", 1);
    conv(2, "kohm", "ohm", 2000);
    conv(1, "ohm", "kohm", 1e-3);
    conv(2, "kohm", "\xCE\xA9", 2000);            /* Ω (U+03A9) */
    conv(2, "k\xCE\xA9", "ohm", 2000);            /* kΩ */
    conv(1, "uF", "F", 1e-6);
    conv(1, "uF", "nF", 1000);
    conv(1, "\xC2\xB5" "F", "uF", 1);             /* µ (U+00B5) as UTF-8 */
    conv(5, "\xC2\xB5" "A", "nA", 5000);
    conv(1, "\xC2\xB5" "S", "mS", 1e-3);
    conv(1000, "Hz", "1/ms", 1);
    conv(1, "Hz", "1/s", 1);
    conv(1, "ms^-1", "Hz", 1000);
    conv(1, "mS*mV", "uA", 1);                    /* the COBA product: mS * mV = uA */
    conv(1, "mS * mV", "mA", 1e-3);
    conv(20, "mA*ohm", "mV", 20);                 /* R * I */
    conv(1, "mV^2", "V^2", 1e-6);
    conv(1, "ms*ms/ms", "s", 1e-3);
    conv(1, "uA*ms/uF", "mV", 1);                 /* C dV/dt = I in the internal system */
    conv(1, "mS/uF", "1/ms", 1);
    conv(7, "", "1", 7);                          /* dimensionless both ways */
    conv(7, "1", "", 7);
    conv(1, "ms/s", "", 1e-3);
    conv(0, "mV", "V", 0);
    conv(1e300, "V", "V", 1e300);
}

static void bad_unit(const char *from, const char *to, const char *mention) {
    double out = 42.0;
    bps_status s = bps_unit_convert(1.0, from, to, &out);
    const char *msg = bps_last_error_message();
    CHECK(s == BPS_ERR_UNIT, "bps_unit_convert(1, \"%s\", \"%s\") returned %s, expected BPS_ERR_UNIT (%s)", from,
          to, bps_status_name(s), msg);
    CHECK(msg != NULL && strstr(msg, mention) != NULL, "message \"%s\" for (\"%s\" -> \"%s\") does not mention \"%s\"",
          msg ? msg : "(null)", from, to, mention);
    CHECK(out == 42.0, "out_value was written on failure (\"%s\" -> \"%s\")", from, to);
}

static void check_bad_units(void) {
    /* Malformed strings: the message quotes the string. */
    bad_unit("m V", "mV", "m V");
    bad_unit("mega", "mV", "mega");
    bad_unit("ms^", "ms", "ms^");
    bad_unit("(ms", "ms", "(ms");
    bad_unit("Ms", "ms", "Ms");                   /* no mega prefix: M is molar */
    bad_unit("mV", "m V", "m V");                 /* malformed target */
    bad_unit("ms)", "ms", "ms)");
    bad_unit("ms^x", "ms", "ms^x");
    bad_unit("2ms", "ms", "2ms");
    bad_unit("mV*", "mV", "mV*");
    bad_unit("xyz", "mV", "xyz");
    bad_unit("mms", "ms", "mms");
    /* Wrong dimension: the message names the dimensions involved. */
    bad_unit("mV", "ms", "voltage");
    bad_unit("mS", "mA", "conductance");
    bad_unit("mM", "", "concentration");
    bad_unit("Hz", "s", "time");
    bad_unit("1/(ms*mM)", "1/ms", "");

    /* NULL arguments. */
    double out = 0;
    CHECK(bps_unit_convert(1, NULL, "mV", &out) == BPS_ERR_NULL_POINTER, "NULL from_unit");
    CHECK(bps_unit_convert(1, "mV", NULL, &out) == BPS_ERR_NULL_POINTER, "NULL to_unit");
    CHECK(bps_unit_convert(1, "mV", "V", NULL) == BPS_ERR_NULL_POINTER, "NULL out_value");
    CHECK(strstr(bps_last_error_message(), "out_value") != NULL, "message \"%s\" does not name out_value",
          bps_last_error_message());
}

static void check_error_slot(void) {
    /* A failed call sets the message; a later successful call does not clear it (header: valid until
       the next failing call), and the message is never NULL. */
    double out;
    CHECK(bps_unit_convert(1, "mega", "V", &out) == BPS_ERR_UNIT, "malformed unit accepted");
    const char *msg = bps_last_error_message();
    REQUIRE(msg != NULL, "bps_last_error_message() returned NULL");
    CHECK(strstr(msg, "mega") != NULL, "message \"%s\" does not name the unit", msg);
    CHECK(bps_unit_convert(1, "mV", "V", &out) == BPS_OK, "valid conversion failed");
    CHECK(bps_last_error_message() != NULL, "bps_last_error_message() returned NULL after success");
    CHECK(strstr(bps_last_error_message(), "mega") != NULL,
          "a successful call changed the last error message to \"%s\"", bps_last_error_message());
}

static void check_options_init(void) {
    bps_network_options o;
    memset(&o, 0xAB, sizeof o);
    OK(bps_network_options_init(&o));
    CHECK(o.struct_size == sizeof o, "bps_network_options.struct_size = %u, expected %zu", o.struct_size, sizeof o);
    CHECK(o.dt == 0.1, "default dt = %g, expected 0.1", o.dt);
    CHECK(o.dt_unit == NULL || strcmp(o.dt_unit, "ms") == 0, "default dt_unit = %s", o.dt_unit);
    CHECK(o.seed == 0, "default seed = %llu", (unsigned long long)o.seed);
    CHECK(o.precision == 32, "default precision = %d", o.precision);
    CHECK(o.num_threads == 0, "default num_threads = %d", o.num_threads);

    bps_run_options r;
    memset(&r, 0xAB, sizeof r);
    OK(bps_run_options_init(&r));
    CHECK(r.struct_size == sizeof r, "bps_run_options.struct_size = %u, expected %zu", r.struct_size, sizeof r);
    CHECK(r.progress == NULL && r.user_data == NULL && r.progress_interval == 0, "bps_run_options defaults");

    bps_projection_desc d;
    memset(&d, 0xAB, sizeof d);
    OK(bps_projection_desc_init(&d));
    CHECK(d.struct_size == sizeof d, "bps_projection_desc.struct_size = %u, expected %zu", d.struct_size, sizeof d);
    CHECK(d.kind == NULL || strcmp(d.kind, "AlignPostProj") == 0, "default kind");
    CHECK(d.pre_start == 0 && d.pre_stop == -1, "default slice [%lld, %lld)", (long long)d.pre_start,
          (long long)d.pre_stop);
    CHECK(d.delay == 0.0, "default delay %g", d.delay);
    CHECK(d.delay_unit == NULL || strcmp(d.delay_unit, "ms") == 0, "default delay_unit");
}

int main(void) {
    printf("brainpystate %s (ABI %u), header %s (ABI %d)\n", bps_version_string(), bps_abi_version(),
           BPS_VERSION_STRING, BPS_ABI_VERSION);
    check_versions();
    check_status_names();
    check_conversions();
    check_bad_units();
    check_error_slot();
    check_options_init();
    return bps_test_finish("test_abi");
}
