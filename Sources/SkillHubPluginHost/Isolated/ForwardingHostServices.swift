import Foundation
import NIOCore
import SkillHubCore

/// The host services of a plugin in a `skillhub plugin-host` child: each
/// request travels to the server as a `service` frame and its answer comes
/// back as a `serviceReply` (the server runs the real services).
struct ForwardingHostServices: PluginHostServices {
    let outbound: NIOAsyncChannelOutboundWriter<IsolatedFrame>
    let pending: PendingFrames

    func http(_ request: HostHTTPRequest, for plugin: String) async throws -> HostHTTPResponse {
        let answer = try await ask(["service": "http"], body: Array(try JSONEncoder().encode(request)))
        return try JSONDecoder().decode(HostHTTPResponse.self, from: Data(answer))
    }

    func value(for key: String, in namespace: PluginNamespace) async throws -> [UInt8]? {
        do {
            return try await ask(.object(Self.keyValueMeta("kv_get", key, namespace)))
        } catch let error as PluginCallError where error.status == .notFound {
            return nil
        }
    }

    func setValue(_ value: [UInt8], for key: String, ttl: Duration?, in namespace: PluginNamespace) async throws {
        var meta = Self.keyValueMeta("kv_set", key, namespace)
        if let ttl { meta["ttl_ms"] = .number(ttl.inMilliseconds.rounded(.up)) }
        _ = try await ask(.object(meta), body: value)
    }

    func removeValue(for key: String, in namespace: PluginNamespace) async throws {
        _ = try await ask(.object(Self.keyValueMeta("kv_delete", key, namespace)))
    }

    private static func keyValueMeta(_ service: String, _ key: String, _ namespace: PluginNamespace) -> [String: JSONValue] {
        var meta: [String: JSONValue] = ["service": .string(service), "key": .string(key)]
        if let account = namespace.account { meta["account"] = .string(account) }
        return meta
    }

    func invokeSkill(_ request: PluginSkillRequest, origin: PluginCallOrigin?, for plugin: String) async throws -> [UInt8] {
        try await ask(["service": "invoke_skill", "origin": origin?.frameMeta ?? .null], body: Array(try JSONEncoder().encode(request)))
    }

    func store(json request: [UInt8], in namespace: PluginNamespace) async throws -> [UInt8] {
        var meta: [String: JSONValue] = ["service": "store"]
        if let account = namespace.account { meta["account"] = .string(account) }
        return try await ask(.object(meta), body: request)
    }

    func embed(json request: [UInt8], for plugin: String) async throws -> [UInt8] {
        try await ask(["service": "embed"], body: request)
    }

    func model(json request: [UInt8], origin: PluginCallOrigin?, for plugin: String, onChunk: @escaping @Sendable ([UInt8]) -> Void) async throws -> [UInt8] {
        try await ask(["service": "model", "origin": origin?.frameMeta ?? .null], body: request, onChunk: onChunk)
    }

    func sessions(json request: [UInt8], in namespace: PluginNamespace) async throws -> [UInt8] {
        var meta: [String: JSONValue] = ["service": "sessions"]
        if let account = namespace.account { meta["account"] = .string(account) }
        return try await ask(.object(meta), body: request)
    }

    func record(_ kind: PluginMetricKind, _ name: String, _ value: Double, for plugin: String) {
        let kindName = switch kind {
        case .counter: "counter"
        case .gauge: "gauge"
        case .histogram: "histogram"
        }
        let frame = IsolatedFrame(kind: .service, meta: ["service": "metric", "kind": .string(kindName), "name": .string(name), "value": .number(value)])
        Task { [outbound] in try? await outbound.write(frame) }
    }

    /// Sends a service request and waits for its answer's body; a failed status throws.
    private func ask(_ meta: JSONValue, body: [UInt8] = [], onChunk: PendingFrames.ChunkHandler? = nil) async throws -> [UInt8] {
        let id = pending.register(onChunk: onChunk)
        try await outbound.write(IsolatedFrame(kind: .service, id: id, meta: meta, body: body))
        // A request of a call that ends (its caller went away) stops in the server too: a model's stream is closed.
        let answer = try await pending.answer(to: id) { [outbound] in
            Task { try? await outbound.write(IsolatedFrame(kind: .cancel, id: id)) }
        }
        guard answer.status == PluginStatus.ok.rawValue else {
            throw PluginCallError(status: PluginStatus(rawValue: answer.status) ?? .internal, message: String(decoding: answer.body, as: UTF8.self))
        }
        return answer.body
    }
}
