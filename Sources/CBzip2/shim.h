#ifndef MAILCODES_CBZIP2_SHIM_H
#define MAILCODES_CBZIP2_SHIM_H
/* libbz2 ships no pkg-config file on Debian: the header is found in the default include path. */
#include <bzlib.h>
#endif
