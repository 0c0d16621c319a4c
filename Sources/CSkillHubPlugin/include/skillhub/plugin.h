/*
 * skillhub/plugin.h — the SkillHub plugin ABI, version 1.2.
 *
 * The only contract between the SkillHub host and a skill plugin (a shared
 * library). Plain C, so a plugin can be written in Swift (through SkillKit),
 * C, Rust or anything with a C FFI. docs/plugin-abi.md is the specification;
 * this header is its machine-readable half.
 *
 * Rules that hold for every function here:
 * - Nothing unwinds across the boundary: failures are `skh_status` codes.
 * - `skh_bytes` arguments are BORROWED: valid only until the function
 *   returns. Whoever receives them copies what it keeps.
 * - Handles are opaque: `skh_instance` belongs to the plugin, `skh_call` and
 *   `skh_host_context` to the host; neither side looks inside the other's.
 * - Versioning: a host refuses a plugin of another MAJOR version with a
 *   message naming both; MINOR versions only append fields at the end of the
 *   tables (check `struct_size` before reading a field newer than yours).
 */
#ifndef SKILLHUB_PLUGIN_H
#define SKILLHUB_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SKILLHUB_ABI_VERSION_MAJOR 1
#define SKILLHUB_ABI_VERSION_MINOR 2

/* The symbol every plugin exports (see skh_plugin_entry_fn). */
#define SKILLHUB_PLUGIN_ENTRY_SYMBOL "skillhub_plugin_entry"

/* Outcome of a call across the boundary. Values never change meaning. */
typedef enum skh_status {
    SKH_OK = 0,
    SKH_ERR_INVALID_INPUT = 1,        /* the request was malformed or failed validation */
    SKH_ERR_UNKNOWN_CAPABILITY = 2,   /* the plugin has no such capability */
    SKH_ERR_UNAVAILABLE = 3,          /* a dependency of the plugin is out of reach; worth retrying */
    SKH_ERR_TIMEOUT = 4,              /* the plugin gave up waiting */
    SKH_ERR_CANCELLED = 5,            /* the host cancelled the call */
    SKH_ERR_UNSUPPORTED = 6,          /* the operation or host service is not available */
    SKH_ERR_INTERNAL = 7,             /* anything else; the output carries a message */
    SKH_ERR_ABI_MISMATCH = 8,         /* the other side speaks another ABI major version */
    SKH_ERR_NOT_FOUND = 9,            /* what the request names does not exist (kv_get: no value under the key) */
    SKH_ERR_CONFLICT = 10             /* the request conflicts with what exists (a name taken); ABI 1.1 */
} skh_status;

/* A byte buffer: a pointer and a length. Borrowed for the duration of a call. */
typedef struct skh_bytes {
    const uint8_t *ptr;
    size_t len;
} skh_bytes;

/* Opaque handles. */
typedef struct skh_instance skh_instance;         /* a plugin instance, created by init_instance */
typedef struct skh_call skh_call;                 /* one invocation, owned by the host */
typedef struct skh_host_context skh_host_context; /* the host's state for this instance */

/* Log levels for skh_host_api.log. */
typedef enum skh_log_level {
    SKH_LOG_DEBUG = 0,
    SKH_LOG_INFO = 1,
    SKH_LOG_WARNING = 2,
    SKH_LOG_ERROR = 3
} skh_log_level;

/* Metric kinds for skh_host_api.metric. */
typedef enum skh_metric_kind {
    SKH_METRIC_COUNTER = 0,   /* value is added */
    SKH_METRIC_GAUGE = 1,     /* value is set */
    SKH_METRIC_HISTOGRAM = 2  /* value is recorded (seconds for durations) */
} skh_metric_kind;

/*
 * The answer to an asynchronous host service. Called exactly once, on any
 * thread, possibly before the service function returns. `result` is borrowed.
 */
typedef void (*skh_host_callback)(void *user_data, skh_status status, skh_bytes result);

/*
 * One piece of a streamed answer of a host service (`model`), delivered
 * before that service's callback, in order, on any thread; never after the
 * callback. `chunk` is borrowed. ABI 1.1.
 */
typedef void (*skh_host_chunk_callback)(void *user_data, skh_bytes chunk);

/*
 * What the host offers a plugin instance; handed to init_instance, valid until
 * shutdown returns. Every function may be called from any thread.
 */
typedef struct skh_host_api {
    uint32_t struct_size;      /* sizeof(skh_host_api) of the host: fields past it are absent */
    uint16_t abi_major;
    uint16_t abi_minor;
    skh_host_context *context; /* pass back as the first argument of every host function */

    /* Writes to the host's log under the plugin's name. */
    void (*log)(skh_host_context *context, skh_log_level level, skh_bytes message);

    /*
     * Ends an invocation. The plugin calls it exactly once per invoke, from
     * any thread, with the output (JSON) on SKH_OK or an error message (UTF-8)
     * otherwise. The host copies `output` before returning; `call` is invalid
     * afterwards.
     */
    void (*complete)(skh_call *call, skh_status status, skh_bytes output);

    /* Sends one chunk of a streaming answer (before complete). SKH_ERR_UNSUPPORTED when the call does not stream. */
    skh_status (*stream)(skh_call *call, skh_bytes chunk);

    /* Milliseconds since the Unix epoch, by the host's clock. */
    uint64_t (*now_ms)(skh_host_context *context);

    /* Records a metric, labelled with the plugin's name by the host. */
    void (*metric)(skh_host_context *context, skh_metric_kind kind, skh_bytes name, double value);

    /*
     * The services below take the invocation they serve as `call` (NULL
     * outside one, in init_instance or tick): it tells the host on whose
     * behalf the plugin acts (the tenant of the key-value namespace, the
     * caller whose rights invoke_skill uses). A call that has completed is as
     * good as NULL.
     */

    /*
     * Outbound HTTP through the host's client (timeouts, size limits, allow-list; http and https only; no redirects followed).
     * request: JSON {"method", "url", "headers": {…}, "body_base64", "timeout_ms"};
     * result: JSON {"status", "headers": {…}, "body_base64"} for every answer, 4xx and 5xx included.
     * SKH_ERR_INVALID_INPUT for a refused request, SKH_ERR_UNAVAILABLE when no answer came.
     */
    void (*http)(skh_host_context *context, skh_call *call, skh_bytes request, skh_host_callback callback, void *user_data);

    /*
     * Key-value storage with TTL in the host's Redis, namespaced per plugin and
     * tenant (the caller's account; a plugin-wide namespace when call is NULL).
     * kv_get answers the value, or SKH_ERR_NOT_FOUND. ttl_ms 0: no expiry.
     */
    void (*kv_get)(skh_host_context *context, skh_call *call, skh_bytes key, skh_host_callback callback, void *user_data);
    void (*kv_set)(skh_host_context *context, skh_call *call, skh_bytes key, skh_bytes value, uint64_t ttl_ms, skh_host_callback callback, void *user_data);
    void (*kv_delete)(skh_host_context *context, skh_call *call, skh_bytes key, skh_host_callback callback, void *user_data);

    /*
     * Calls another skill through the host's dispatcher, with the rights of
     * the caller of `call` (public skills only when call is NULL).
     * request: JSON {"skill", "capability", "input", "session_id"}; result: the skill's output JSON.
     */
    void (*invoke_skill)(skh_host_context *context, skh_call *call, skh_bytes request, skh_host_callback callback, void *user_data);

    /* ---- ABI 1.1: present when struct_size covers them ---- */

    /*
     * The document store: collections of documents split into chunks, searched
     * by full text and by vector (PostgreSQL, the host's embeddings, an
     * in-memory index), namespaced per plugin and per caller's account like
     * the key-value store. request: JSON {"op": "…", …} (docs/plugin-abi.md
     * lists the operations); result: JSON.
     */
    void (*store)(skh_host_context *context, skh_call *call, skh_bytes request, skh_host_callback callback, void *user_data);

    /*
     * Embeddings from the host's configured provider.
     * request: JSON {"texts": ["…"], "purpose": "query" | "passage"};
     * result: JSON {"model", "dimensions", "vectors": [[…]], "prompt_tokens"} (vectors L2-normalised).
     */
    void (*embed)(skh_host_context *context, skh_call *call, skh_bytes request, skh_host_callback callback, void *user_data);

    /*
     * A chat completion through the host's models (MODEL_* settings, fallback between models, the
     * local model by default). request: JSON {"model"?, "task"?, "messages": [{"role", "content", …}],
     * "tools"?, "tool_choice"?, "temperature"?, "top_p"?, "max_tokens"?, "stop"?, "stream"?}; or
     * {"op": "models"} for the configured models. With "stream": true, on_chunk (may be NULL)
     * receives each piece as JSON {"delta", "tool_calls"?} before the callback. result: JSON
     * {"model", "message": {"role", "content", "tool_calls"?}, "finish_reason", "usage",
     * "failed_attempts"}. The generation stops when `call` ends (its caller went away, its
     * deadline passed).
     */
    void (*model)(skh_host_context *context, skh_call *call, skh_bytes request, skh_host_chunk_callback on_chunk, skh_host_callback callback, void *user_data);

    /*
     * Conversations: sessions and their messages, per plugin and caller's account, kept in the
     * host's Redis (recent messages, with a TTL) and PostgreSQL (all). request: JSON {"op": …}
     * (docs/plugin-abi.md lists the operations); result: JSON.
     */
    void (*sessions)(skh_host_context *context, skh_call *call, skh_bytes request, skh_host_callback callback, void *user_data);

    /* ---- ABI 1.2: present when struct_size covers it ---- */

    /*
     * The W3C trace context of `call`: `callback` is called once, before trace_context returns,
     * with SKH_OK and JSON {"traceparent": "00-…", "tracestate": "…"} (tracestate only when there is
     * one) — the span of this invocation when the host traces, else the caller's traceparent — or
     * with SKH_ERR_NOT_FOUND when the call carries none (no caller's trace, call NULL or ended).
     * Send it as `traceparent` on requests the plugin makes by its own means; the host's own
     * services (invoke_skill) continue the trace by themselves.
     */
    void (*trace_context)(skh_host_context *context, skh_call *call, skh_host_callback callback, void *user_data);

    /* Later minor versions append fields here. */
} skh_host_api;

/*
 * What a plugin offers; returned by its entry symbol, static for the life of
 * the library.
 */
typedef struct skh_plugin_api {
    uint32_t struct_size;      /* sizeof(skh_plugin_api) of the plugin */
    uint16_t abi_major;        /* the ABI the plugin was built against */
    uint16_t abi_minor;

    /*
     * The plugin's description, UTF-8 JSON, static:
     * {"name", "version", "description", "capabilities": [{"name", "description", "category",
     *   "parameters": <JSON Schema>, "streaming": bool, "idempotent": bool}],
     *  "services": ["http", "kv", "invoke"], "default_config": {…}}
     */
    skh_bytes descriptor;

    /*
     * Creates an instance with its configuration (a JSON object). On failure
     * returns a status and may log the reason through host->log; *instance is
     * then ignored. May block (loading a model, say): the host calls it on a
     * thread of its own, never on one that serves requests.
     */
    skh_status (*init_instance)(const skh_host_api *host, skh_bytes config, skh_instance **instance);

    /*
     * Starts an invocation of `capability` with `input` (JSON). Returns at
     * once; the plugin later calls host->complete(call, …) exactly once. May
     * be called concurrently from several threads.
     */
    void (*invoke)(skh_instance *instance, skh_call *call, skh_bytes capability, skh_bytes input);

    /* Asks the plugin to give up `call` early (it still completes it, with SKH_ERR_CANCELLED). May be NULL. */
    void (*cancel)(skh_instance *instance, skh_call *call);

    /* Periodic work (memory decay, cache trims), called by the host about once a second. May be NULL. */
    void (*tick)(skh_instance *instance);

    /* Ends the instance after every call has completed. The host never uses it again. */
    void (*shutdown)(skh_instance *instance);
} skh_plugin_api;

/*
 * The entry symbol, `skillhub_plugin_entry`: the host passes its ABI version,
 * the plugin returns its table (static, never freed). The host compares the
 * versions and refuses a different major with a message naming both, so a
 * plugin returns its table even for a host it does not expect; NULL means the
 * plugin cannot run at all.
 */
typedef const skh_plugin_api *(*skh_plugin_entry_fn)(uint16_t host_abi_major, uint16_t host_abi_minor);

#ifdef __cplusplus
}
#endif

#endif /* SKILLHUB_PLUGIN_H */
