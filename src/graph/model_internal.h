/*
 * model_internal.h - what the GraphML loader and the model builder share
 * (not installed); the error helper is in util/util.h.
 */
#ifndef NINES_MODEL_INTERNAL_H
#define NINES_MODEL_INTERNAL_H

#include "nines.h"
#include "util/util.h"

#define NINES_DEFAULT_TIERS "ultra:0.9999,high:0.999,standard:0.99"


#endif
