/*
 * A test plugin whose entry function dies of a segmentation fault, as a
 * library with a broken initialiser would: the host must read it in a
 * plugin-host child when plugins run isolated, and survive it.
 *
 * It crashes only when loaded from a file whose name contains "crash-on-load"
 * (a test copies it under such a name); under its built name it refuses to
 * start (returns NULL), so hosts that load every library beside it live on.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "skillhub/plugin.h"

__attribute__((visibility("default"))) const skh_plugin_api *skillhub_plugin_entry(uint16_t host_abi_major, uint16_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    Dl_info self;
    if (dladdr((const void *)&skillhub_plugin_entry, &self) != 0 && self.dli_fname != NULL && strstr(self.dli_fname, "crash-on-load") != NULL) {
        raise(SIGSEGV);
    }
    return NULL;
}
