import Foundation

/// Private copies of plugin libraries, one file per loaded version.
///
/// `dlopen` of a path it has opened before returns the image it already has,
/// so a new version installed over the old file would never load; each reload
/// therefore opens a copy under a name of its own. The copy is removed once
/// opened: the mapping stays valid after the file is unlinked.
struct PluginLibraryCopies: Sendable {
    let directory: String

    init(directory: String = FileManager.default.temporaryDirectory.path + "/skillhub-plugins") {
        self.directory = directory
    }

    /// Opens a fresh copy of `path` as version `generation` of `plugin`.
    func open(_ path: String, plugin: String, generation: Int) throws -> PluginLibrary {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let copy = "\(directory)/\(plugin).\(generation).\(UUID().uuidString).so"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        return try PluginLibrary(path: copy)
    }
}
