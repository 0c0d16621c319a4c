/* The ABI target carries no logic: plugin.h is its whole content. */
#include "skillhub/plugin.h"
