#ifndef MAILCODES_CZLIB_SHIM_H
#define MAILCODES_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a function-like macro that Swift cannot import: expose it as a function. */
static inline int CZlib_inflateInit2(z_streamp stream, int windowBits) {
  return inflateInit2(stream, windowBits);
}
#endif
