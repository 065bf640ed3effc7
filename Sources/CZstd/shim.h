#ifndef MAILCODES_CZSTD_SHIM_H
#define MAILCODES_CZSTD_SHIM_H
#include <zstd.h>
#endif
