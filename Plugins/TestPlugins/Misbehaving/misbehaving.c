/*
 * A test plugin that breaks the rules the host must survive:
 *   hang    — never completes on its own; completes (late) only when cancelled;
 *   twice   — completes the same call twice;
 *   garbage — answers bytes that are not JSON;
 *   crash   — dies of a segmentation fault (run it only in isolated mode).
 */
#include <stdlib.h>
#include <string.h>

#include "skillhub/plugin.h"

static const char descriptor[] =
    "{\"name\":\"misbehaving\",\"version\":\"0.0.1\",\"capabilities\":["
    "{\"name\":\"hang\"},{\"name\":\"twice\"},{\"name\":\"garbage\"},{\"name\":\"crash\"}]}";

struct skh_instance {
    const skh_host_api *host;
};

static int is(skh_bytes capability, const char *name) {
    return capability.len == strlen(name) && memcmp(capability.ptr, name, capability.len) == 0;
}

static skh_status misbehaving_init(const skh_host_api *host, skh_bytes config, skh_instance **instance) {
    (void)config;
    skh_instance *created = malloc(sizeof *created);
    if (created == NULL) return SKH_ERR_INTERNAL;
    created->host = host;
    *instance = created;
    return SKH_OK;
}

static void misbehaving_invoke(skh_instance *instance, skh_call *call, skh_bytes capability, skh_bytes input) {
    static const uint8_t garbage[] = {0xff, 0xfe, 0x00, 0x01};
    if (is(capability, "hang")) return;
    if (is(capability, "crash")) {
        volatile int *nowhere = NULL;
        *nowhere = 1;
    }
    if (is(capability, "twice")) {
        instance->host->complete(call, SKH_OK, input);
        instance->host->complete(call, SKH_OK, input);
        return;
    }
    skh_bytes bytes = {garbage, sizeof garbage};
    instance->host->complete(call, SKH_OK, bytes);
}

static void misbehaving_cancel(skh_instance *instance, skh_call *call) {
    skh_bytes empty = {NULL, 0};
    instance->host->complete(call, SKH_ERR_CANCELLED, empty);
}

static void misbehaving_shutdown(skh_instance *instance) {
    free(instance);
}

static const skh_plugin_api api = {
    .struct_size = sizeof(skh_plugin_api),
    .abi_major = SKILLHUB_ABI_VERSION_MAJOR,
    .abi_minor = SKILLHUB_ABI_VERSION_MINOR,
    .descriptor = {(const uint8_t *)descriptor, sizeof descriptor - 1},
    .init_instance = misbehaving_init,
    .invoke = misbehaving_invoke,
    .cancel = misbehaving_cancel,
    .tick = NULL,
    .shutdown = misbehaving_shutdown,
};

__attribute__((visibility("default"))) const skh_plugin_api *skillhub_plugin_entry(uint16_t host_abi_major, uint16_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &api;
}
