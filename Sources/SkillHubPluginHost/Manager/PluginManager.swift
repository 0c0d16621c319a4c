import Foundation
import Logging
import NIOConcurrencyHelpers
import SkillHubCore

/// The plugins of a running host: loads every library in a directory (or the
/// named ones), starts each with its configuration, and keeps the running
/// instances by name. A plugin that fails is reported with the reason; the
/// others run regardless.
public final class PluginManager: Sendable {
    public let directory: String
    /// Plugin names to start; empty starts every plugin in ``directory``.
    public let names: [String]
    private let configurations: @Sendable (PluginDescriptor) -> JSONValue
    private let logger: Logger
    private let state = NIOLockedValueBox<(instances: [String: PluginInstance], reports: [PluginReport], isSettled: Bool)>(([:], [], false))

    public init(directory: String, names: [String], configurations: @escaping @Sendable (PluginDescriptor) -> JSONValue = { _ in [:] }, logger: Logger) {
        self.directory = directory
        self.names = names
        self.configurations = configurations
        self.logger = logger
    }

    public func instance(named name: String) -> PluginInstance? {
        state.withLockedValue { $0.instances[name] }
    }

    public var reports: [PluginReport] {
        state.withLockedValue { $0.reports }
    }

    /// Whether ``loadAll(announcing:)`` has finished (every plugin started or failed).
    public var isSettled: Bool {
        state.withLockedValue { $0.isSettled }
    }

    /// Loads and starts the plugins, passing each started one to `announce`
    /// (which registers it); returns what happened to each. When ``names``
    /// are given, a library that cannot be read is reported only if a named
    /// plugin is then missing: it may have been that plugin.
    @discardableResult
    public func loadAll(announcing announce: @Sendable (PluginInstance) async throws -> Void = { _ in }) async -> [PluginReport] {
        var reports: [PluginReport] = []
        var unreadable: [PluginReport] = []
        for path in libraryPaths() {
            var report = await load(path)
            if report.state == .failed, report.version == nil, !names.isEmpty {
                unreadable.append(report)
                continue
            }
            if report.state == .running, let instance = instance(named: report.name) {
                do {
                    try await announce(instance)
                } catch {
                    report.state = .failed
                    report.error = "started but not registered: \(error)"
                }
            }
            if names.isEmpty || names.contains(report.name) { reports.append(report) }
        }
        let found = Set(reports.map(\.name))
        for missing in names where !found.contains(missing) {
            let unreadableNote = unreadable.isEmpty ? "" : " (unreadable: " + unreadable.map { "\($0.name): \($0.error ?? "")" }.joined(separator: "; ") + ")"
            reports.append(PluginReport(name: missing, path: directory, state: .failed, error: "no library in \(directory) declares a plugin named '\(missing)'\(unreadableNote)"))
        }
        for report in reports where report.state == .failed {
            logger.error("plugin not started", metadata: ["plugin": "\(report.name)", "path": "\(report.path)", "error": "\(report.error ?? "")"])
        }
        state.withLockedValue {
            $0.reports = reports
            $0.isSettled = true
        }
        return reports
    }

    private func load(_ path: String) async -> PluginReport {
        let library: PluginLibrary
        do {
            library = try PluginLibrary(path: path)
        } catch {
            return PluginReport(name: URL(fileURLWithPath: path).lastPathComponent, path: path, state: .failed, error: "\(error)")
        }
        let descriptor = library.descriptor
        var report = PluginReport(name: descriptor.name, version: descriptor.version, path: path, abi: "\(library.abi.major).\(library.abi.minor)", state: .running)
        guard names.isEmpty || names.contains(descriptor.name) else { return report }
        guard instance(named: descriptor.name) == nil else {
            report.state = .failed
            report.error = "another library already provides plugin '\(descriptor.name)'"
            return report
        }
        do {
            let instance = try await PluginInstance.start(library: library, configuration: configurations(descriptor), logger: logger)
            state.withLockedValue { $0.instances[descriptor.name] = instance }
            logger.info("plugin started", metadata: ["plugin": "\(descriptor.name)", "version": "\(descriptor.version)", "abi": "\(report.abi ?? "")"])
        } catch {
            report.state = .failed
            report.error = "\(error)"
        }
        return report
    }

    /// The `.so` files of ``directory``, sorted; none when it does not exist.
    private func libraryPaths() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".so") }.sorted().map { "\(directory)/\($0)" }
    }

    /// Runs every instance's periodic work.
    public func tick() {
        for instance in state.withLockedValue({ Array($0.instances.values) }) { instance.tick() }
    }

    /// Shuts every instance down (their libraries stay loaded).
    public func shutdownAll() {
        let instances = state.withLockedValue { state in
            defer { state.instances.removeAll() }
            return Array(state.instances.values)
        }
        for instance in instances { instance.shutdown() }
    }
}
