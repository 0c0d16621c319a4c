/*
 * echo-c: a skill plugin in plain C, built without Swift — the proof that the
 * SkillHub ABI is language-neutral. Capability `echo` answers its input.
 */
#include <stdlib.h>
#include <string.h>

#include "skillhub/plugin.h"

static const char descriptor[] =
    "{\"name\":\"echo-c\",\"version\":\"1.0.0\",\"description\":\"Answers its input (plain C)\","
    "\"capabilities\":[{\"name\":\"echo\",\"description\":\"returns the input unchanged\",\"category\":\"test\","
    "\"parameters\":{\"type\":\"object\"},\"streaming\":false,\"idempotent\":true}],"
    "\"services\":[],\"default_config\":{}}";

struct skh_instance {
    const skh_host_api *host;
};

static skh_bytes text(const char *message) {
    skh_bytes bytes = {(const uint8_t *)message, strlen(message)};
    return bytes;
}

static skh_status echo_init(const skh_host_api *host, skh_bytes config, skh_instance **instance) {
    (void)config;
    skh_instance *created = malloc(sizeof *created);
    if (created == NULL) return SKH_ERR_INTERNAL;
    created->host = host;
    host->log(host->context, SKH_LOG_INFO, text("echo-c ready"));
    *instance = created;
    return SKH_OK;
}

static void echo_invoke(skh_instance *instance, skh_call *call, skh_bytes capability, skh_bytes input) {
    if (capability.len != 4 || memcmp(capability.ptr, "echo", 4) != 0) {
        instance->host->complete(call, SKH_ERR_UNKNOWN_CAPABILITY, text("echo-c has one capability: echo"));
        return;
    }
    instance->host->complete(call, SKH_OK, input);
}

static void echo_shutdown(skh_instance *instance) {
    free(instance);
}

static const skh_plugin_api api = {
    .struct_size = sizeof(skh_plugin_api),
    .abi_major = SKILLHUB_ABI_VERSION_MAJOR,
    .abi_minor = SKILLHUB_ABI_VERSION_MINOR,
    .descriptor = {(const uint8_t *)descriptor, sizeof descriptor - 1},
    .init_instance = echo_init,
    .invoke = echo_invoke,
    .cancel = NULL,
    .tick = NULL,
    .shutdown = echo_shutdown,
};

__attribute__((visibility("default"))) const skh_plugin_api *skillhub_plugin_entry(uint16_t host_abi_major, uint16_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &api;
}
