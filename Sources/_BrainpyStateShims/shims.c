#include "bps_shims.h"
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
