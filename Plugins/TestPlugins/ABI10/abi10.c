/*
 * A test plugin built for ABI 1.0, before the 1.1 host table grew `store` and
 * `embed`: its own copy of the 1.0 host table, `abi_minor` 0. A 1.1 host must
 * load it and serve it exactly as before. Capability `echo` answers its input;
 * `host` answers what the plugin sees of the host's table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skillhub/plugin.h"

/* skh_host_api as ABI 1.0 declared it: the 1.1 fields are unknown here. */
typedef struct host_api_1_0 {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;
    skh_host_context *context;
    void (*log)(skh_host_context *, skh_log_level, skh_bytes);
    void (*complete)(skh_call *, skh_status, skh_bytes);
    skh_status (*stream)(skh_call *, skh_bytes);
    uint64_t (*now_ms)(skh_host_context *);
    void (*metric)(skh_host_context *, skh_metric_kind, skh_bytes, double);
    void (*http)(skh_host_context *, skh_call *, skh_bytes, skh_host_callback, void *);
    void (*kv_get)(skh_host_context *, skh_call *, skh_bytes, skh_host_callback, void *);
    void (*kv_set)(skh_host_context *, skh_call *, skh_bytes, skh_bytes, uint64_t, skh_host_callback, void *);
    void (*kv_delete)(skh_host_context *, skh_call *, skh_bytes, skh_host_callback, void *);
    void (*invoke_skill)(skh_host_context *, skh_call *, skh_bytes, skh_host_callback, void *);
} host_api_1_0;

static const char descriptor[] =
    "{\"name\":\"abi-1-0\",\"version\":\"1.0.0\",\"description\":\"A plugin built for ABI 1.0\","
    "\"capabilities\":[{\"name\":\"echo\",\"parameters\":{\"type\":\"object\"}},"
    "{\"name\":\"host\",\"parameters\":{\"type\":\"object\"}}],\"services\":[],\"default_config\":{}}";

struct skh_instance {
    const host_api_1_0 *host;
};

static skh_bytes text(const char *message) {
    skh_bytes bytes = {(const uint8_t *)message, strlen(message)};
    return bytes;
}

static skh_status abi10_init(const skh_host_api *host, skh_bytes config, skh_instance **instance) {
    (void)config;
    skh_instance *created = malloc(sizeof *created);
    if (created == NULL) return SKH_ERR_INTERNAL;
    created->host = (const host_api_1_0 *)host;
    *instance = created;
    return SKH_OK;
}

static void abi10_invoke(skh_instance *instance, skh_call *call, skh_bytes capability, skh_bytes input) {
    const host_api_1_0 *host = instance->host;
    if (capability.len == 4 && memcmp(capability.ptr, "echo", 4) == 0) {
        host->complete(call, SKH_OK, input);
    } else if (capability.len == 4 && memcmp(capability.ptr, "host", 4) == 0) {
        char answer[160];
        snprintf(answer, sizeof answer, "{\"abi_major\":%u,\"abi_minor\":%u,\"table_covers_1_0\":%s}",
                 (unsigned)host->abi_major, (unsigned)host->abi_minor,
                 host->struct_size >= sizeof(host_api_1_0) ? "true" : "false");
        host->complete(call, SKH_OK, text(answer));
    } else {
        host->complete(call, SKH_ERR_UNKNOWN_CAPABILITY, text("abi-1-0 has echo and host"));
    }
}

static void abi10_shutdown(skh_instance *instance) {
    free(instance);
}

/* The plugin table did not change between 1.0 and 1.1. */
static const skh_plugin_api api = {
    .struct_size = sizeof(skh_plugin_api),
    .abi_major = 1,
    .abi_minor = 0,
    .descriptor = {(const uint8_t *)descriptor, sizeof descriptor - 1},
    .init_instance = abi10_init,
    .invoke = abi10_invoke,
    .cancel = NULL,
    .tick = NULL,
    .shutdown = abi10_shutdown,
};

__attribute__((visibility("default"))) const skh_plugin_api *skillhub_plugin_entry(uint16_t host_abi_major, uint16_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &api;
}
