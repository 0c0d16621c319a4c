import CSkillHubPlugin
import Foundation
import SkillHubWire

/// The kinds of metric a skill can record.
public enum MetricKind: Sendable {
    /// The value is added.
    case counter
    /// The value is set.
    case gauge
    /// The value is recorded (seconds for durations).
    case histogram
}

extension SkillContext {
    /// Sends `request` through the host's HTTP client. Any HTTP status is an
    /// answer; a refused request throws ``SkillError/Status/invalidInput``, no
    /// answer ``SkillError/Status/unavailable`` or ``SkillError/Status/timeout``.
    public func http(_ request: HostHTTPRequest) async throws -> HostHTTPResponse {
        let body = Array(try JSONEncoder().encode(request))
        let answer = try await serviceCall { callback, userData in
            body.withBytes { host.pointee.http(host.pointee.context, call, $0, callback, userData) }
        }
        do {
            return try JSONDecoder().decode(HostHTTPResponse.self, from: Data(answer))
        } catch {
            throw SkillError(.internal, "the host's http answer did not parse: \(error)")
        }
    }

    /// The value stored under `key`, or nil.
    public func value(for key: String) async throws -> [UInt8]? {
        do {
            return try await serviceCall { callback, userData in
                Array(key.utf8).withBytes { host.pointee.kv_get(host.pointee.context, call, $0, callback, userData) }
            }
        } catch let error as SkillError where error.status == .notFound {
            return nil
        }
    }

    /// Stores `value` under `key`, for `ttl` when given.
    public func setValue(_ value: [UInt8], for key: String, ttl: Duration? = nil) async throws {
        let milliseconds = ttl.map { UInt64(max(1, $0.inMilliseconds.rounded(.up))) } ?? 0
        _ = try await serviceCall { callback, userData in
            Array(key.utf8).withBytes { key in
                value.withBytes { value in host.pointee.kv_set(host.pointee.context, call, key, value, milliseconds, callback, userData) }
            }
        }
    }

    /// Removes `key`.
    public func removeValue(for key: String) async throws {
        _ = try await serviceCall { callback, userData in
            Array(key.utf8).withBytes { host.pointee.kv_delete(host.pointee.context, call, $0, callback, userData) }
        }
    }

    /// Calls another skill through the host's dispatcher (with the rights of
    /// this call's caller); its output JSON.
    public func invokeSkill(_ skill: String, capability: String? = nil, input: JSONValue = [:], sessionID: String? = nil) async throws -> JSONValue {
        var fields: [String: JSONValue] = ["skill": .string(skill), "input": input]
        if let capability { fields["capability"] = .string(capability) }
        if let sessionID { fields["session_id"] = .string(sessionID) }
        return try await invokeSkill(request: fields)
    }

    /// The `invoke_skill` service with a request of these fields; its JSON answer.
    func invokeSkill(request fields: [String: JSONValue]) async throws -> JSONValue {
        let body = Array(try JSONEncoder().encode(JSONValue.object(fields)))
        let answer = try await serviceCall { callback, userData in
            body.withBytes { host.pointee.invoke_skill(host.pointee.context, call, $0, callback, userData) }
        }
        return try JSONValue(parsing: answer)
    }

    /// Runs one operation of the host's document store (ABI 1.1): `request` is
    /// `{"op": …, …}` as [plugin-abi.md](../docs/plugin-abi.md) lists; its
    /// JSON result. Throws ``SkillError/Status/unsupported`` on a 1.0 host.
    public func store(_ request: JSONValue) async throws -> JSONValue {
        try requireHostField(\.store, "store")
        let body = Array(try JSONEncoder().encode(request))
        let answer = try await serviceCall { callback, userData in
            body.withBytes { host.pointee.store(host.pointee.context, call, $0, callback, userData) }
        }
        return try JSONValue(parsing: answer)
    }

    /// Embeds `texts` with the host's embedding provider (ABI 1.1): one
    /// L2-normalised vector per text, in order. Throws
    /// ``SkillError/Status/unsupported`` on a 1.0 host.
    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> HostEmbeddings {
        try requireHostField(\.embed, "embed")
        let body = Array(try JSONEncoder().encode(JSONValue.object([
            "texts": .array(texts.map(JSONValue.string)), "purpose": .string(purpose.rawValue),
        ])))
        let answer = try await serviceCall { callback, userData in
            body.withBytes { host.pointee.embed(host.pointee.context, call, $0, callback, userData) }
        }
        do {
            return try JSONDecoder().decode(HostEmbeddings.self, from: Data(answer))
        } catch {
            throw SkillError(.internal, "the host's embed answer did not parse: \(error)")
        }
    }

    /// The W3C trace context the host passed with this call (ABI 1.2): the span of this invocation
    /// when the host traces, else its caller's. Send ``SkillTraceContext/traceparent`` on requests
    /// made by other means than the host; ``invokeSkill(_:capability:input:sessionID:)`` continues
    /// the trace by itself. Nil outside a call, when the call carries none, or with a host older than 1.2.
    public func traceContext() async -> SkillTraceContext? {
        guard (try? requireHostField(\.trace_context, "trace_context")) != nil,
              let answer = try? await serviceCall({ callback, userData in host.pointee.trace_context(host.pointee.context, call, callback, userData) }),
              let value = try? JSONValue(parsing: answer), let traceparent = value["traceparent"]?.stringValue
        else { return nil }
        return SkillTraceContext(traceparent: traceparent, tracestate: value["tracestate"]?.stringValue)
    }

    /// Fails with ``SkillError/Status/unsupported`` when the host's table is
    /// older than the field at `path` (a host of an earlier minor version).
    private func requireHostField<Field>(_ path: KeyPath<skh_host_api, Field>, _ name: String) throws {
        guard let offset = MemoryLayout<skh_host_api>.offset(of: path),
              Int(host.pointee.struct_size) >= offset + MemoryLayout<Field>.size
        else {
            throw SkillError(.unsupported, "the host speaks plugin ABI \(host.pointee.abi_major).\(host.pointee.abi_minor), which has no '\(name)' service")
        }
    }

    /// Records a metric; the host labels it with the plugin's name.
    public func metric(_ kind: MetricKind, _ name: String, _ value: Double) {
        let cKind: skh_metric_kind = switch kind {
        case .counter: SKH_METRIC_COUNTER
        case .gauge: SKH_METRIC_GAUGE
        case .histogram: SKH_METRIC_HISTOGRAM
        }
        Array(name.utf8).withBytes { host.pointee.metric(host.pointee.context, cKind, $0, value) }
    }

    /// Sends one chunk of this call's streaming answer to the caller, ahead of
    /// the answer itself; false (the chunk dropped) when the caller did not
    /// ask for a stream, or outside a call. The answer should stand on its
    /// own: callers that do not stream see only it.
    @discardableResult
    public func stream(_ chunk: [UInt8]) -> Bool {
        guard let call else { return false }
        return chunk.withBytes { host.pointee.stream(call, $0) } == SKH_OK
    }

    /// Sends `value`, encoded as JSON, as one chunk of this call's streaming answer.
    @discardableResult
    public func stream(json value: some Encodable) throws -> Bool {
        stream(Array(try JSONEncoder().encode(value)))
    }

    /// A chat completion through the host's models (ABI 1.1 `model`): `request` is
    /// `{"model"?, "task"?, "messages", "tools"?, "temperature"?, "max_tokens"?, "stream"?, …}`
    /// (see [plugin-abi.md](../docs/plugin-abi.md)); with `"stream": true` each piece
    /// (`{"delta", "tool_calls"?}`) goes to `onChunk`, in order, before the answer. The host stops
    /// the generation when this call ends. Throws ``SkillError/Status/unsupported`` on a 1.0 host.
    public func model(_ request: JSONValue, onChunk: (@Sendable (JSONValue) -> Void)? = nil) async throws -> JSONValue {
        var pieces: (@Sendable ([UInt8]) -> Void)?
        if let onChunk {
            pieces = { bytes in
                if let piece = try? JSONValue(parsing: bytes) { onChunk(piece) }
            }
        }
        return try await model(request, onPieceBytes: pieces)
    }

    /// ``model(_:onChunk:)`` with each streamed piece as the host sent it, its JSON text unparsed:
    /// for a skill that passes the pieces on as they are (``stream(_:)``), without parsing and
    /// writing each again.
    public func model(_ request: JSONValue, onPieceBytes: (@Sendable ([UInt8]) -> Void)?) async throws -> JSONValue {
        try requireHostField(\.model, "model")
        let body = request.serialized()
        let answer = try await serviceCall(onChunk: onPieceBytes) { chunkCallback, callback, userData in
            body.withBytes { bytes in host.pointee.model(host.pointee.context, call, bytes, chunkCallback, callback, userData) }
        }
        return try JSONValue(parsing: answer)
    }

    /// Runs one operation of the host's conversations (ABI 1.1 `sessions`): `{"op": …}` → JSON.
    /// Throws ``SkillError/Status/unsupported`` on a 1.0 host.
    public func sessions(_ request: JSONValue) async throws -> JSONValue {
        try requireHostField(\.sessions, "sessions")
        let body = Array(try JSONEncoder().encode(request))
        let answer = try await serviceCall { callback, userData in
            body.withBytes { host.pointee.sessions(host.pointee.context, call, $0, callback, userData) }
        }
        return try JSONValue(parsing: answer)
    }

    /// Runs one asynchronous host service and waits for its callback.
    private func serviceCall(_ start: (skh_host_callback, UnsafeMutableRawPointer) -> Void) async throws -> [UInt8] {
        try await serviceCall(onChunk: nil) { _, callback, userData in start(callback, userData) }
    }

    /// Runs one asynchronous host service whose pieces come to `onChunk` before its callback.
    private func serviceCall(
        onChunk: (@Sendable ([UInt8]) -> Void)?,
        _ start: (skh_host_chunk_callback, skh_host_callback, UnsafeMutableRawPointer) -> Void
    ) async throws -> [UInt8] {
        let (status, bytes) = await withCheckedContinuation { (continuation: CheckedContinuation<(skh_status, [UInt8]), Never>) in
            let reply = Unmanaged.passRetained(ServiceReply(continuation, onChunk: onChunk)).toOpaque()
            start({ userData, chunk in
                guard let userData else { return }
                Unmanaged<ServiceReply>.fromOpaque(userData).takeUnretainedValue().onChunk?(chunk.array)
            }, { userData, status, result in
                guard let userData else { return }
                Unmanaged<ServiceReply>.fromOpaque(userData).takeRetainedValue().continuation.resume(returning: (status, result.array))
            }, reply)
        }
        guard status == SKH_OK else {
            let message = String(decoding: bytes, as: UTF8.self)
            throw SkillError(SkillError.Status(rawValue: status.rawValue) ?? .internal, message)
        }
        return bytes
    }
}

/// The continuation a host service's callback resumes, and where its streamed pieces go.
private final class ServiceReply: @unchecked Sendable {
    let continuation: CheckedContinuation<(skh_status, [UInt8]), Never>
    let onChunk: (@Sendable ([UInt8]) -> Void)?

    init(_ continuation: CheckedContinuation<(skh_status, [UInt8]), Never>, onChunk: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.continuation = continuation
        self.onChunk = onChunk
    }
}

/// What a text is embedded for: e5-style models embed queries and passages differently.
public enum EmbeddingPurpose: String, Sendable {
    case query, passage
}

/// The answer of the host's `embed` service.
public struct HostEmbeddings: Sendable, Decodable {
    public var model: String
    public var dimensions: Int
    /// One L2-normalised vector per text, in the order given.
    public var vectors: [[Float]]
    public var promptTokens: Int

    private enum CodingKeys: String, CodingKey {
        case model, dimensions, vectors, promptTokens = "prompt_tokens"
    }
}

