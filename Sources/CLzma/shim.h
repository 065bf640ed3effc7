#ifndef MAILCODES_CLZMA_SHIM_H
#define MAILCODES_CLZMA_SHIM_H
#include <lzma.h>

/* LZMA_CONCATENATED is defined through UINT32_C, which Swift does not import: expose it. */
static const uint32_t CLzma_concatenated = LZMA_CONCATENATED;
#endif
