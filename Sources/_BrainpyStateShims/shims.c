#define _GNU_SOURCE
#include "bps_shims.h"
#include <sched.h>
#include <string.h>

#define BPS_ERROR_CAPACITY 1024

static _Thread_local char bps_error_slot[BPS_ERROR_CAPACITY];

__attribute__((visibility("hidden"))) void bpsshim_set_error(const char *message) {
    if (message == NULL) {
        bps_error_slot[0] = '\0';
        return;
    }
    size_t n = strlen(message);
    if (n >= BPS_ERROR_CAPACITY) n = BPS_ERROR_CAPACITY - 1;
    memcpy(bps_error_slot, message, n);
    bps_error_slot[n] = '\0';
}

__attribute__((visibility("hidden"))) const char *bpsshim_get_error(void) {
    return bps_error_slot;
}

__attribute__((visibility("hidden"))) int bpsshim_affinity_cpu_count(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    return CPU_COUNT(&set);
}
