/* A test plugin built against a future ABI major version: every host of ABI 1 must refuse it by name. */
#include "skillhub/plugin.h"

static const char descriptor[] = "{\"name\":\"wrong-major\",\"version\":\"9.0.0\",\"capabilities\":[]}";

static const skh_plugin_api api = {
    .struct_size = sizeof(skh_plugin_api),
    .abi_major = 99,
    .abi_minor = 0,
    .descriptor = {(const uint8_t *)descriptor, sizeof descriptor - 1},
};

__attribute__((visibility("default"))) const skh_plugin_api *skillhub_plugin_entry(uint16_t host_abi_major, uint16_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &api;
}
