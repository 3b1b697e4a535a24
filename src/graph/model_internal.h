/*
 * model_internal.h - helpers shared inside libnines (not installed).
 */
#ifndef NINES_MODEL_INTERNAL_H
#define NINES_MODEL_INTERNAL_H

#include "nines.h"

#define NINES_DEFAULT_TIERS "ultra:0.9999,high:0.999,standard:0.99"

/* printf-style message into a caller's NINES_ERRLEN buffer (NULL: none). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void nines_set_err(char *err, const char *fmt, ...);

#endif
