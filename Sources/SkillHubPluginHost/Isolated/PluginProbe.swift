import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a plugin library's header in a short-lived `plugin-host --describe`
/// child, so that the server need not open a library before it knows whether
/// the plugin inside is to run isolated: loading runs the library's own code
/// (its initialisers, its entry function), and a library that crashes there
/// takes down only the child.
enum PluginProbe {
    /// The header of the library at `path`, as a child started from
    /// `executable` read it; throws ``PluginLoadError`` with the child's reason.
    static func header(of path: String, executable: String, within timeout: Duration = .seconds(60)) async throws -> PluginHeader {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skillhub-probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Files rather than pipes: a child is never blocked on a full pipe while the probe waits for it to end.
        let output = directory.appendingPathComponent("stdout")
        let errors = directory.appendingPathComponent("stderr")
        try Data().write(to: output)
        try Data().write(to: errors)

        let process = Process.pluginHost(executable, arguments: ["--library", path, "--describe"])
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        let exit = ChildExit()
        process.terminationHandler = { [exit] ended in exit.record(ended.exitDescription) }
        do {
            try process.run()
        } catch {
            throw PluginLoadError.probeFailed(path: path, reason: "cannot run \(executable): \(error)")
        }
        let ended = await exit.reason(within: timeout)
        guard ended != ChildExit.stillRunning else {
            kill(process.processIdentifier, SIGKILL)
            throw PluginLoadError.probeFailed(path: path, reason: "the plugin-host process did not describe it within \(timeout)")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            // A signal says more than whatever the plugin printed before it; an error exit says it in its last line.
            let said = lastLine(of: errors)
            let reason = process.terminationReason == .uncaughtSignal || said.isEmpty ? "the plugin-host process \(ended)" : said
            throw PluginLoadError.probeFailed(path: path, reason: reason)
        }
        do {
            return try JSONDecoder().decode(PluginHeader.self, from: Data(contentsOf: output))
        } catch {
            throw PluginLoadError.invalidDescriptor(path: path, reason: "\(error)")
        }
    }

    /// The last line the child wrote to `file`, without the argument parser's `Error: `.
    private static func lastLine(of file: URL) -> String {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        let line = text.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        return line.hasPrefix("Error: ") ? String(line.dropFirst("Error: ".count)) : line
    }
}
