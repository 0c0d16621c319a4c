import Foundation
import Logging
import NIOConcurrencyHelpers
import SkillHubCore

/// The plugins of a running host: loads every library in a directory (or the
/// named ones), starts each with its configuration and the host services,
/// keeps the running instances by name, and reloads one on request. A plugin
/// that fails is reported with the reason; the others run regardless.
public final class PluginManager: Sendable {
    public let directory: String
    /// Plugin names to start; empty starts every plugin in ``directory``.
    public let names: [String]
    private let configurations: @Sendable (PluginDescriptor) -> JSONValue
    /// Plugins that run in a child process of their own, and the executable that hosts them.
    private let isolation: PluginIsolation
    private let copies: PluginLibraryCopies
    private let logger: Logger

    private struct State {
        var instances: [String: any RunningPlugin] = [:]
        var reports: [PluginReport] = []
        var isSettled = false
        var services: any PluginHostServices = NoPluginHostServices()
        var reloading: Set<String> = []
    }

    private let state = NIOLockedValueBox(State())

    public init(
        directory: String,
        names: [String],
        configurations: @escaping @Sendable (PluginDescriptor) -> JSONValue = { _ in [:] },
        isolation: PluginIsolation = PluginIsolation(),
        copies: String? = nil,
        logger: Logger
    ) {
        self.directory = directory
        self.names = names
        self.configurations = configurations
        self.isolation = isolation
        self.copies = copies.map(PluginLibraryCopies.init(directory:)) ?? PluginLibraryCopies()
        self.logger = logger
    }

    public func instance(named name: String) -> (any RunningPlugin)? {
        state.withLockedValue { $0.instances[name] }
    }

    /// Every plugin's report, with the running versions' call counters.
    public var reports: [PluginReport] {
        state.withLockedValue { state in
            state.reports.map { report in
                guard let running = state.instances[report.name] else { return report }
                var report = report
                let counters = running.counters
                (report.calls, report.failures, report.inFlight) = (counters.calls, counters.failures, counters.inFlight)
                report.restarts = running.restarts
                if report.state == .running, !running.isAvailable { report.state = .restarting }
                return report
            }
        }
    }

    /// Whether ``loadAll(services:announcing:)`` has finished (every plugin started or failed).
    public var isSettled: Bool {
        state.withLockedValue { $0.isSettled }
    }

    /// Loads and starts the plugins with `services`, passing each started one
    /// to `announce` (which registers it); returns what happened to each.
    /// When ``names`` are given, a library that cannot be read is reported
    /// only if a named plugin is then missing: it may have been that plugin.
    @discardableResult
    public func loadAll(
        services: any PluginHostServices = NoPluginHostServices(),
        announcing announce: @Sendable (any RunningPlugin) async throws -> Void = { _ in }
    ) async -> [PluginReport] {
        state.withLockedValue { $0.services = services }
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
                    state.withLockedValue { _ = $0.instances.removeValue(forKey: report.name) }
                    await instance.retire()
                }
            }
            if names.isEmpty || names.contains(report.name) { reports.append(report) }
        }
        let found = Set(reports.map(\.name))
        for missing in names where !found.contains(missing) {
            let unreadableNote = unreadable.isEmpty ? "" : " (unreadable: " + unreadable.map { "\($0.name): \($0.error ?? "")" }.joined(separator: "; ") + ")"
            reports.append(PluginReport(name: missing, path: directory, state: .failed, error: "no library in \(directory) declares a plugin named '\(missing)'\(unreadableNote)"))
        }
        for name in isolation.plugins.subtracting(reports.map(\.name)).sorted() {
            logger.warning("SKILLHUB_PLUGINS_ISOLATED names a plugin that was not loaded", metadata: ["plugin": "\(name)"])
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
        let opened: PluginLibrary?
        let header: PluginHeader
        do {
            (opened, header) = try await read(path, isolated: !isolation.plugins.isEmpty) { try PluginLibrary(path: path) }
        } catch {
            return PluginReport(name: URL(fileURLWithPath: path).lastPathComponent, path: path, state: .failed, error: "\(error)")
        }
        let descriptor = header.descriptor
        var report = PluginReport(name: descriptor.name, version: descriptor.version, path: path, abi: header.abiVersion, state: .running)
        report.mode = isolation.isolates(descriptor.name) ? "isolated" : "in-process"
        guard names.isEmpty || names.contains(descriptor.name) else { return report }
        guard instance(named: descriptor.name) == nil else {
            report.state = .failed
            report.error = "another library already provides plugin '\(descriptor.name)'"
            return report
        }
        do {
            let instance = try await start(header, installedAt: path, opened: opened)
            state.withLockedValue { $0.instances[descriptor.name] = instance }
            logger.info("plugin started", metadata: ["plugin": "\(descriptor.name)", "version": "\(descriptor.version)", "abi": "\(header.abiVersion)"])
        } catch {
            report.state = .failed
            report.error = "\(error)"
        }
        return report
    }

    /// The header of the library at `path`: read by a plugin-host child when
    /// `isolated`, so that the library's code never runs in this process; else
    /// from the library `open` opens here (and returned). With any plugin
    /// isolated, every library is read in a child before its name is known.
    private func read(_ path: String, isolated: Bool, open: () throws -> PluginLibrary) async throws -> (PluginLibrary?, PluginHeader) {
        guard !isolated else { return (nil, try await PluginProbe.header(of: path, executable: isolation.executable)) }
        let library = try open()
        return (library, library.header)
    }

    /// Starts the plugin of `header` (installed at `path`) in a plugin-host child
    /// when it is isolated, else in process from `opened` (opening `path` when nil).
    private func start(_ header: PluginHeader, installedAt path: String, opened: PluginLibrary?) async throws -> any RunningPlugin {
        let services = state.withLockedValue { $0.services }
        let configuration = configurations(header.descriptor)
        guard isolation.isolates(header.descriptor.name) else {
            let library = try opened ?? PluginLibrary(path: path)
            return try await PluginInstance.start(library: library, configuration: configuration, services: services, logger: logger)
        }
        return try await IsolatedPlugin.start(
            libraryPath: path, header: header, configuration: configuration,
            executable: isolation.executable, services: services, backoff: isolation.backoff, logger: logger
        )
    }

    /// Loads the library installed for plugin `name` again, from a copy of its
    /// own, starts it beside the running version and, once `announce` has
    /// registered it, switches new calls to it; the old version finishes the
    /// calls it has in flight and then shuts down (its library stays loaded:
    /// see ``PluginLibrary``). On any failure the running version stays.
    public func reload(
        named name: String,
        announcing announce: @Sendable (any RunningPlugin) async throws -> Void = { _ in }
    ) async throws(PluginReloadError) -> PluginReport {
        let current = try beginReload(of: name)
        defer { state.withLockedValue { _ = $0.reloading.remove(name) } }
        let generation = current.generation + 1
        let header: PluginHeader
        let instance: any RunningPlugin
        do {
            // An isolated plugin's child opens the file anew; a library opened here needs a copy of its own.
            let opened: PluginLibrary?
            (opened, header) = try await read(current.path, isolated: isolation.isolates(name)) {
                try copies.open(current.path, plugin: name, generation: generation)
            }
            guard header.descriptor.name == name else {
                throw PluginReloadError.renamed(path: current.path, expected: name, found: header.descriptor.name)
            }
            instance = try await start(header, installedAt: current.path, opened: opened)
        } catch let error as PluginReloadError {
            throw error
        } catch {
            throw .failed(plugin: name, reason: "\(error)")
        }
        do {
            try await announce(instance)
        } catch {
            await instance.retire()
            throw .failed(plugin: name, reason: "started but not registered: \(error)")
        }
        var report = PluginReport(name: name, version: header.descriptor.version, path: current.path, abi: header.abiVersion, state: .running)
        report.mode = instance.mode
        report.generation = generation
        let retired = state.withLockedValue { state in
            defer {
                state.instances[name] = instance
                state.reports = state.reports.map { $0.name == name ? report : $0 }
            }
            return state.instances[name]
        }
        logger.info("plugin reloaded", metadata: ["plugin": "\(name)", "version": "\(header.descriptor.version)", "generation": "\(generation)"])
        if let retired { Task { await retired.retire() } }
        return report
    }

    private func beginReload(of name: String) throws(PluginReloadError) -> PluginReport {
        let outcome: Result<PluginReport, PluginReloadError> = state.withLockedValue { state in
            guard let report = state.reports.first(where: { $0.name == name && $0.version != nil }) else {
                return .failure(.unknownPlugin(name))
            }
            guard state.reloading.insert(name).inserted else { return .failure(.alreadyReloading(name)) }
            return .success(report)
        }
        return try outcome.get()
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

    /// Shuts every instance down once its calls in flight have ended (their libraries stay loaded).
    public func shutdownAll() async {
        let instances = state.withLockedValue { state in
            defer { state.instances.removeAll() }
            return Array(state.instances.values)
        }
        await withTaskGroup(of: Void.self) { group in
            for instance in instances { group.addTask { await instance.retire() } }
        }
    }
}
