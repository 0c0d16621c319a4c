import CSkillHubPlugin
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plugin's shared library, opened and checked: its entry symbol answered,
/// its ABI major matches the host's, its descriptor parses.
///
/// Libraries are opened with `RTLD_NODELETE` and never closed: unloading a
/// Swift library crashes the host later inside the Swift runtime, so a new
/// version is loaded beside the old one instead.
public struct PluginLibrary: @unchecked Sendable {
    /// The host's ABI version.
    public static let hostABI = (major: UInt16(SKILLHUB_ABI_VERSION_MAJOR), minor: UInt16(SKILLHUB_ABI_VERSION_MINOR))

    public let path: String
    public let descriptor: PluginDescriptor
    /// The ABI version the plugin was built against.
    public let abi: (major: UInt16, minor: UInt16)
    let api: UnsafePointer<skh_plugin_api>

    /// The descriptor as the plugin gave it (JSON).
    var descriptorJSON: [UInt8] { api.pointee.descriptor.array }

    /// ``abi`` as `MAJOR.MINOR`.
    public var abiVersion: String { "\(abi.major).\(abi.minor)" }

    /// The descriptor and ABI version.
    public var header: PluginHeader { PluginHeader(descriptor: descriptor, abiVersion: abiVersion) }

    /// Opens `path` and checks it; throws ``PluginLoadError`` naming the problem.
    public init(path: String) throws {
        self.path = path
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            throw PluginLoadError.cannotOpen(path: path, reason: dlerror().map { String(cString: $0) } ?? "unknown dlopen error")
        }
        guard let symbol = dlsym(handle, SKILLHUB_PLUGIN_ENTRY_SYMBOL) else {
            throw PluginLoadError.noEntrySymbol(path: path)
        }
        let entry = unsafeBitCast(symbol, to: skh_plugin_entry_fn.self)
        guard let api = entry(Self.hostABI.major, Self.hostABI.minor) else {
            throw PluginLoadError.entryReturnedNothing(path: path)
        }
        let abi = (major: api.pointee.abi_major, minor: api.pointee.abi_minor)
        guard abi.major == Self.hostABI.major else {
            throw PluginLoadError.abiMismatch(path: path, plugin: abi, host: Self.hostABI)
        }
        do {
            descriptor = try JSONDecoder().decode(PluginDescriptor.self, from: Data(api.pointee.descriptor.array))
        } catch {
            throw PluginLoadError.invalidDescriptor(path: path, reason: "\(error)")
        }
        guard api.pointee.init_instance != nil, api.pointee.invoke != nil, api.pointee.shutdown != nil else {
            throw PluginLoadError.invalidDescriptor(path: path, reason: "init_instance, invoke and shutdown are required")
        }
        self.abi = abi
        self.api = api
    }
}
