#ifndef ONESPIN_CHIREDIS_SHIM_H
#define ONESPIN_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#endif
