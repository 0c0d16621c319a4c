import CSkillHubPlugin
import Dispatch
import Foundation
import SkillHubWire

/// Turns a ``Skill`` into the ABI's plugin table. A plugin's whole export is
///
/// ```swift
/// @_cdecl("skillhub_plugin_entry")
/// public func entry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? { SkillExport.entry(MySkill.self) }
/// ```
///
/// Every unsafe pointer of the ABI stays in here.
public enum SkillExport {
    /// The plugin table for `skill` (built once; one skill per library).
    public static func entry<S: Skill>(_ skill: S.Type) -> UnsafeRawPointer? {
        exported.withLock { exported in
            if exported == nil { exported = ExportedTable(skill: skill) }
            return exported.map { UnsafeRawPointer($0.table) }
        }
    }

    private static let exported = Locked<ExportedTable?>(nil)
}

/// The table and the descriptor bytes it points at, alive as long as the library.
private final class ExportedTable: @unchecked Sendable {
    let table: UnsafeMutablePointer<skh_plugin_api>
    let skill: any Skill.Type

    init(skill: any Skill.Type) {
        self.skill = skill
        let json = (try? JSONEncoder().encode(skill.descriptor)) ?? Data("{}".utf8)
        let descriptor = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: json.count)
        _ = descriptor.initialize(from: json)
        var api = skh_plugin_api()
        api.struct_size = UInt32(MemoryLayout<skh_plugin_api>.size)
        api.abi_major = UInt16(SKILLHUB_ABI_VERSION_MAJOR)
        api.abi_minor = UInt16(SKILLHUB_ABI_VERSION_MINOR)
        api.descriptor = skh_bytes(ptr: UnsafePointer(descriptor.baseAddress), len: descriptor.count)
        api.init_instance = { host, config, instance in SkillInstance.start(host: host, config: config, instance: instance) }
        api.invoke = { instance, call, capability, input in
            SkillInstance.from(instance)?.invoke(call: call, capability: capability.string, input: input.array)
        }
        api.cancel = { instance, call in SkillInstance.from(instance)?.cancel(call: call) }
        api.tick = { instance in SkillInstance.from(instance)?.tick() }
        api.shutdown = { instance in SkillInstance.release(instance) }
        table = .allocate(capacity: 1)
        table.initialize(to: api)
    }
}

extension SkillExport {
    static var currentSkill: (any Skill.Type)? {
        exported.withLock { $0?.skill }
    }
}

/// One started skill behind an `skh_instance` pointer.
private final class SkillInstance: @unchecked Sendable {
    let skill: any Skill
    let context: SkillContext
    /// Calls in flight by handle, so a cancel reaches the right task.
    private let running = Locked<[UInt: Task<Void, Never>]>([:])

    init(skill: any Skill, context: SkillContext) {
        self.skill = skill
        self.context = context
    }

    static func from(_ pointer: OpaquePointer?) -> SkillInstance? {
        pointer.map { Unmanaged<SkillInstance>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
    }

    static func release(_ pointer: OpaquePointer?) {
        guard let pointer else { return }
        Unmanaged<SkillInstance>.fromOpaque(UnsafeRawPointer(pointer)).release()
    }

    /// `init_instance`: runs the skill's async initialiser to the end (the ABI lets it block).
    static func start(host: UnsafePointer<skh_host_api>?, config: skh_bytes, instance: UnsafeMutablePointer<OpaquePointer?>?) -> skh_status {
        guard let host, let instance, let type = SkillExport.currentSkill else { return SKH_ERR_INTERNAL }
        var configuration = type.descriptor.defaultConfig
        if let given = try? JSONDecoder().decode([String: JSONValue].self, from: Data(config.array)) {
            configuration.merge(given) { _, new in new }
        }
        let context = SkillContext(configuration: configuration, host: host)
        let outcome = Locked<Result<any Skill, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                let skill = try await type.init(context: context)
                outcome.withLock { $0 = .success(skill) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        switch outcome.withLock({ $0 }) {
        case .success(let skill):
            instance.pointee = OpaquePointer(Unmanaged.passRetained(SkillInstance(skill: skill, context: context)).toOpaque())
            return SKH_OK
        case .failure(let error):
            context.log(.error, "\(type.descriptor.name) failed to start: \(error)")
            return (error as? SkillError).map { skh_status(rawValue: $0.status.rawValue) } ?? SKH_ERR_INTERNAL
        case nil:
            return SKH_ERR_INTERNAL
        }
    }

    func invoke(call: OpaquePointer?, capability: String, input: [UInt8]) {
        let key = UInt(bitPattern: Int(bitPattern: call.map { UnsafeRawPointer($0) }))
        let call = CallHandle(call)
        // Registered under the lock, so the task's own removal cannot run before it.
        running.withLock { running in
            running[key] = Task { [skill, context = context.serving(call.pointer), running = self.running] in
                let (status, output): (skh_status, [UInt8])
                do {
                    let response = try await skill.invoke(SkillRequest(capability: capability, input: input), context: context)
                    (status, output) = (SKH_OK, response.bytes)
                } catch let error as SkillError {
                    (status, output) = (skh_status(rawValue: error.status.rawValue), Array(error.message.utf8))
                } catch is CancellationError {
                    (status, output) = (SKH_ERR_CANCELLED, Array("cancelled".utf8))
                } catch {
                    (status, output) = (SKH_ERR_INTERNAL, Array("\(error)".utf8))
                }
                running.withLock { _ = $0.removeValue(forKey: key) }
                output.withBytes { context.host.pointee.complete(call.pointer, status, $0) }
            }
        }
    }

    func cancel(call: OpaquePointer?) {
        let key = UInt(bitPattern: Int(bitPattern: call.map { UnsafeRawPointer($0) }))
        running.withLock { $0[key] }?.cancel()
    }

    func tick() {
        let (skill, context) = (skill, context)
        Task { await skill.tick(context: context) }
    }
}

/// The host's call handle, carried into the task that answers it.
private struct CallHandle: @unchecked Sendable {
    let pointer: OpaquePointer?
    init(_ pointer: OpaquePointer?) { self.pointer = pointer }
}

extension skh_bytes {
    var array: [UInt8] {
        guard let ptr, len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: ptr, count: len))
    }

    var string: String { String(decoding: array, as: UTF8.self) }
}

/// A value behind a lock (SkillKit keeps its dependencies to the ABI and SkillHubWire).
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
