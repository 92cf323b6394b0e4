/* Tiny C helpers for the engine: Swift has no thread-local storage, so the last-error slot of the
   C ABI lives here. Not part of the public ABI (hidden symbols, no bps_ prefix). */
#ifndef BPS_SHIMS_H
#define BPS_SHIMS_H
#include <stddef.h>

/* Copy `message` (NUL-terminated; NULL clears) into this thread's error slot, truncating if needed. */
void bpsshim_set_error(const char *message);
/* This thread's error slot ("" if nothing was set). */
const char *bpsshim_get_error(void);
#endif
