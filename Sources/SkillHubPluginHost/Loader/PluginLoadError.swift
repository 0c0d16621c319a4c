/// Why a plugin could not be loaded or started; each says what to do.
public enum PluginLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case noEntrySymbol(path: String)
    case entryReturnedNothing(path: String)
    case abiMismatch(path: String, plugin: (major: UInt16, minor: UInt16), host: (major: UInt16, minor: UInt16))
    case invalidDescriptor(path: String, reason: String)
    case initFailed(plugin: String, status: PluginStatus)
    case isolatedStartFailed(plugin: String, reason: String)
    case probeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot load plugin \(path): \(reason)"
        case .noEntrySymbol(let path): "\(path) is not a SkillHub plugin: it exports no `skillhub_plugin_entry`"
        case .entryReturnedNothing(let path): "plugin \(path) refused to start (its entry returned NULL)"
        case .abiMismatch(let path, let plugin, let host):
            "plugin \(path) was built for SkillHub plugin ABI \(plugin.major).\(plugin.minor), but this host speaks ABI \(host.major).\(host.minor); rebuild the plugin against ABI \(host.major).x"
        case .invalidDescriptor(let path, let reason): "plugin \(path) has an invalid descriptor: \(reason)"
        case .initFailed(let plugin, let status): "plugin \(plugin) failed to initialise: \(status)"
        case .isolatedStartFailed(let plugin, let reason): "plugin \(plugin) did not start in its plugin-host process: \(reason)"
        case .probeFailed(let path, let reason): "plugin \(path) could not be read in a plugin-host process: \(reason)"
        }
    }

    public static func == (lhs: PluginLoadError, rhs: PluginLoadError) -> Bool {
        lhs.description == rhs.description
    }
}

/// Why a reload did not happen; the running version goes on serving.
public enum PluginReloadError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownPlugin(String)
    case alreadyReloading(String)
    case renamed(path: String, expected: String, found: String)
    case failed(plugin: String, reason: String)

    public var description: String {
        switch self {
        case .unknownPlugin(let name): "no plugin named '\(name)' was loaded on this instance"
        case .alreadyReloading(let name): "plugin '\(name)' is already being reloaded"
        case .renamed(let path, let expected, let found): "\(path) now declares plugin '\(found)', not '\(expected)'"
        case .failed(let plugin, let reason): "plugin '\(plugin)' was not reloaded: \(reason)"
        }
    }
}
