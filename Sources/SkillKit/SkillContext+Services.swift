import CSkillHubPlugin
import Foundation
import SkillHubCore

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
        } catch is ServiceNotFound {
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
        let body = Array(try JSONEncoder().encode(JSONValue.object(fields)))
        let answer = try await serviceCall { callback, userData in
            body.withBytes { host.pointee.invoke_skill(host.pointee.context, call, $0, callback, userData) }
        }
        return try JSONValue(parsing: answer)
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

    /// Runs one asynchronous host service and waits for its callback.
    private func serviceCall(_ start: (skh_host_callback, UnsafeMutableRawPointer) -> Void) async throws -> [UInt8] {
        let (status, bytes) = await withCheckedContinuation { (continuation: CheckedContinuation<(skh_status, [UInt8]), Never>) in
            let reply = Unmanaged.passRetained(ServiceReply(continuation)).toOpaque()
            start({ userData, status, result in
                guard let userData else { return }
                Unmanaged<ServiceReply>.fromOpaque(userData).takeRetainedValue().continuation.resume(returning: (status, result.array))
            }, reply)
        }
        guard status == SKH_OK else {
            if status == SKH_ERR_NOT_FOUND { throw ServiceNotFound() }
            let message = String(decoding: bytes, as: UTF8.self)
            throw SkillError(SkillError.Status(rawValue: status.rawValue) ?? .internal, message)
        }
        return bytes
    }
}

/// The continuation a host service's callback resumes.
private final class ServiceReply: @unchecked Sendable {
    let continuation: CheckedContinuation<(skh_status, [UInt8]), Never>
    init(_ continuation: CheckedContinuation<(skh_status, [UInt8]), Never>) { self.continuation = continuation }
}

/// `kv_get` found no value.
private struct ServiceNotFound: Error {}
