#ifndef SKILLHUB_CHIREDIS_SHIM_H
#define SKILLHUB_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#endif
