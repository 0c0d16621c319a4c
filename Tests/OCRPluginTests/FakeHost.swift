import CSkillHubPlugin
import Foundation
import OCRPlugin
import SkillHubCore
import Synchronization

/// A host for the OCR plugin's table, in process: it completes calls into continuations and answers
/// the `http` service from canned responses by URL. Its pointers are to tables that never change.
final class FakeHost: @unchecked Sendable {
    struct HTTPAnswer: Sendable {
        var status: skh_status = SKH_OK
        var code = 200
        var body: [UInt8] = []
    }

    private struct State {
        var completions: [UInt: CheckedContinuation<(skh_status, String), Never>] = [:]
        var answers: [String: HTTPAnswer] = [:]
        var sent: [[String: JSONValue]] = []
        var nextCall: UInt = 1
    }

    private let state = Mutex(State())

    static let shared: FakeHost = FakeHost()

    private init() {}

    let plugin: UnsafePointer<skh_plugin_api> = {
        guard let table = skillhubPluginEntry(1, 0) else { fatalError("the OCR plugin exported no table") }
        return table.assumingMemoryBound(to: skh_plugin_api.self)
    }()

    let table: UnsafeMutablePointer<skh_host_api> = {
        var api = skh_host_api()
        api.struct_size = UInt32(MemoryLayout<skh_host_api>.size)
        api.abi_major = 1
        api.log = { _, _, _ in }
        api.complete = { call, status, output in FakeHost.shared.complete(call, status, output) }
        api.stream = { _, _ in SKH_ERR_UNSUPPORTED }
        api.now_ms = { _ in UInt64(Date().timeIntervalSince1970 * 1000) }
        api.metric = { _, _, _, _ in }
        api.http = { _, _, request, callback, userData in FakeHost.shared.http(request, callback, userData) }
        let table = UnsafeMutablePointer<skh_host_api>.allocate(capacity: 1)
        table.initialize(to: api)
        return table
    }()

    /// Answers `url` with `answer` from now on.
    func answer(_ url: String, _ answer: HTTPAnswer) {
        state.withLock { $0.answers[url] = answer }
    }

    /// The http requests the plugin sent to `url`.
    func sent(to url: String) -> [[String: JSONValue]] {
        state.withLock { $0.sent.filter { $0["url"] == .string(url) } }
    }

    /// Starts an instance with `configuration` on a thread of its own: `init_instance` blocks until the
    /// skill's async init has run, and on Linux `DispatchQueue.global()` shares its few threads with the
    /// cooperative pool that init needs (several inits at once stalled there for 15 s).
    func start(_ configuration: [String: JSONValue] = [:]) async -> (skh_status, UncheckedInstance) {
        let json = (try? JSONEncoder().encode(JSONValue.object(configuration))) ?? Data()
        let handles = UncheckedPointers(plugin: plugin, table: table)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var instance: OpaquePointer?
                let status = Array(json).withUnsafeBufferPointer { buffer in
                    handles.plugin.pointee.init_instance(handles.table, skh_bytes(ptr: buffer.baseAddress, len: buffer.count), &instance)
                }
                continuation.resume(returning: (status, UncheckedInstance(pointer: instance)))
            }
        }
    }

    /// One call, answered through `complete`.
    func invoke(_ instance: UncheckedInstance, _ capability: String, _ input: String) async -> (skh_status, String) {
        let id = state.withLock { state in
            defer { state.nextCall += 1 }
            return state.nextCall
        }
        let call = OpaquePointer(bitPattern: id)
        let handles = UncheckedPointers(plugin: plugin, table: table)
        return await withCheckedContinuation { continuation in
            state.withLock { $0.completions[id] = continuation }
            Array(capability.utf8).withUnsafeBufferPointer { name in
                Array(input.utf8).withUnsafeBufferPointer { bytes in
                    handles.plugin.pointee.invoke(instance.pointer, call, skh_bytes(ptr: name.baseAddress, len: name.count), skh_bytes(ptr: bytes.baseAddress, len: bytes.count))
                }
            }
        }
    }

    private func complete(_ call: OpaquePointer?, _ status: skh_status, _ output: skh_bytes) {
        let id = UInt(bitPattern: Int(bitPattern: call.map { UnsafeRawPointer($0) }))
        let text = output.ptr.map { String(decoding: UnsafeBufferPointer(start: $0, count: output.len), as: UTF8.self) } ?? ""
        state.withLock { $0.completions.removeValue(forKey: id) }?.resume(returning: (status, text))
    }

    private func http(_ request: skh_bytes, _ callback: skh_host_callback?, _ userData: UnsafeMutableRawPointer?) {
        let bytes = request.ptr.map { Array(UnsafeBufferPointer(start: $0, count: request.len)) } ?? []
        guard case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)), case .string(let url)? = fields["url"] else {
            return reply(callback, userData, SKH_ERR_INVALID_INPUT, Array("bad request".utf8))
        }
        let answer = state.withLock { state in
            state.sent.append(fields)
            return state.answers[url]
        } ?? HTTPAnswer(code: 404)
        guard answer.status == SKH_OK else { return reply(callback, userData, answer.status, Array("no answer from \(url)".utf8)) }
        let result: JSONValue = ["status": .number(Double(answer.code)), "headers": [:], "body_base64": .string(Data(answer.body).base64EncodedString())]
        reply(callback, userData, SKH_OK, Array((try? JSONEncoder().encode(result)) ?? Data()))
    }

    private func reply(_ callback: skh_host_callback?, _ userData: UnsafeMutableRawPointer?, _ status: skh_status, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in callback?(userData, status, skh_bytes(ptr: buffer.baseAddress, len: buffer.count)) }
    }
}

/// The tables, carried to another thread.
private struct UncheckedPointers: @unchecked Sendable {
    let plugin: UnsafePointer<skh_plugin_api>
    let table: UnsafeMutablePointer<skh_host_api>
}

/// A plugin instance handle.
struct UncheckedInstance: @unchecked Sendable {
    let pointer: OpaquePointer?
}
