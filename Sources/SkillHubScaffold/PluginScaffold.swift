import Foundation

/// A new SkillHub plugin as a standalone SwiftPM package that builds and
/// loads as is (`skillhub plugin new NAME`).
///
/// ```swift
/// let scaffold = try PluginScaffold(name: "hello-world", skillHubPath: "/src/skillhub")
/// try scaffold.write(to: "hello-world")
/// ```
///
/// The package depends on the SkillHub checkout at ``skillHubPath`` (for
/// SkillKit) and builds the dynamic library ``libraryFileName``: one skill
/// named ``name`` with a `hello` capability, a Swift Testing test of its
/// logic, a README and a `.gitignore`.
public struct PluginScaffold: Sendable, Equatable {
    /// The plugin's name: the skill's name in the registry and in `SKILLHUB_PLUGINS`.
    public let name: String
    /// The SkillHub checkout the package depends on, absolute.
    public let skillHubPath: String

    /// Names from 2 to 40 characters.
    public static let nameLengths = 2...40

    /// Checks `name` and makes `skillHubPath` absolute (a relative path is
    /// taken from the current directory). Throws ``PluginScaffoldError``.
    public init(name: String, skillHubPath: String) throws(PluginScaffoldError) {
        try Self.validate(name: name)
        let trimmed = skillHubPath.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalidSkillHubPath(skillHubPath, reason: "it is empty") }
        guard !trimmed.contains("\n"), !trimmed.contains("\r") else {
            throw .invalidSkillHubPath(skillHubPath, reason: "it contains a line break")
        }
        let base = FileManager.default.currentDirectoryPath
        var absolute = URL(fileURLWithPath: trimmed, relativeTo: URL(fileURLWithPath: base, isDirectory: true)).standardizedFileURL.path
        while absolute.count > 1, absolute.hasSuffix("/") { absolute.removeLast() }
        guard absolute != "/" else { throw .invalidSkillHubPath(skillHubPath, reason: "it is the root directory, not a SkillHub checkout") }
        self.name = name
        self.skillHubPath = absolute
    }

    /// Throws ``PluginScaffoldError/invalidName(_:reason:)`` unless `name` is
    /// 2 to 40 lowercase letters, digits and `-`, starting with a letter, not
    /// ending with `-` and without `--`.
    public static func validate(name: String) throws(PluginScaffoldError) {
        guard nameLengths.contains(name.count) else {
            throw .invalidName(name, reason: "it has \(name.count) characters; a name has \(nameLengths.lowerBound) to \(nameLengths.upperBound)")
        }
        if let bad = name.first(where: { !(isLowercaseLetter($0) || isDigit($0) || $0 == "-") }) {
            throw .invalidName(name, reason: "'\(bad)' is not allowed; use lowercase letters a-z, digits and '-'")
        }
        guard let first = name.first, isLowercaseLetter(first) else {
            throw .invalidName(name, reason: "it must start with a lowercase letter")
        }
        guard !name.hasSuffix("-") else { throw .invalidName(name, reason: "it must not end with '-'") }
        guard !name.contains("--") else { throw .invalidName(name, reason: "it must not contain '--'") }
    }

    private static func isLowercaseLetter(_ character: Character) -> Bool {
        character.asciiValue.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) } ?? false
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.asciiValue.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false
    }

    /// Throws ``PluginScaffoldError/notASkillHubCheckout(_:)`` unless
    /// ``skillHubPath`` holds a SkillHub checkout (its `Package.swift` and
    /// `Sources/SkillKit`). The generated package builds only against one;
    /// the CLI checks before writing.
    public func checkSkillHubCheckout() throws(PluginScaffoldError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: skillHubPath + "/Package.swift"),
              manager.fileExists(atPath: skillHubPath + "/Sources/SkillKit", isDirectory: &isDirectory), isDirectory.boolValue
        else { throw .notASkillHubCheckout(skillHubPath) }
    }

    /// Whether `name` is a valid plugin name.
    public static func isValid(name: String) -> Bool {
        (try? validate(name: name)) != nil
    }

    /// The name in UpperCamelCase: `hello-world` → `HelloWorld`.
    public var typeName: String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The skill type: `HelloWorldSkill`.
    public var skillTypeName: String { typeName + "Skill" }

    /// The plugin's target (and module): `HelloWorldPlugin`.
    public var targetName: String { typeName + "Plugin" }

    /// The test target: `HelloWorldPluginTests`.
    public var testTargetName: String { targetName + "Tests" }

    /// The dynamic library product: `SkillHubPluginHelloWorld`.
    public var productName: String { "SkillHubPlugin" + typeName }

    /// The library `swift build` makes: `libSkillHubPluginHelloWorld.so` (`.dylib` on macOS).
    public var libraryFileName: String {
        #if os(macOS)
        "lib\(productName).dylib"
        #else
        "lib\(productName).so"
        #endif
    }

    /// The SwiftPM identity of the SkillHub dependency (the last component of
    /// its path), which `.product(name:package:)` names.
    public var skillHubPackageIdentity: String {
        URL(fileURLWithPath: skillHubPath).lastPathComponent
    }

    /// The package's files, paths relative to its root, in a stable order.
    public func files() -> [(path: String, contents: String)] {
        [
            ("Package.swift", packageManifest),
            ("Sources/\(targetName)/\(skillTypeName).swift", skillSource),
            ("Tests/\(testTargetName)/\(skillTypeName)Tests.swift", testSource),
            ("README.md", readme),
            (".gitignore", gitignore),
        ]
    }

    /// Writes ``files()`` into `directory` (created, with its parents, when
    /// missing). Refuses a directory that exists and is not empty, and a path
    /// that is a file. Returns the paths written.
    @discardableResult
    public func write(to directory: String) throws(PluginScaffoldError) -> [String] {
        let manager = FileManager.default
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: root.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .notADirectory(root.path) }
            let entries: [String]
            do {
                entries = try manager.contentsOfDirectory(atPath: root.path)
            } catch {
                throw .writeFailed(path: root.path, reason: "\(error.localizedDescription)")
            }
            guard entries.isEmpty else { throw .directoryNotEmpty(root.path) }
        }
        var written: [String] = []
        for file in files() {
            let url = root.appendingPathComponent(file.path)
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url, options: .withoutOverwriting)
            } catch {
                throw .writeFailed(path: url.path, reason: "\(error.localizedDescription)")
            }
            written.append(url.path)
        }
        return written
    }

    /// Writes ``files()`` into the directory at `url`; see ``write(to:)-(String)``.
    @discardableResult
    public func write(to url: URL) throws(PluginScaffoldError) -> [String] {
        try write(to: url.path)
    }
}

/// Why a plugin was not scaffolded; each says what to do.
public enum PluginScaffoldError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String, reason: String)
    case invalidSkillHubPath(String, reason: String)
    case notASkillHubCheckout(String)
    case directoryNotEmpty(String)
    case notADirectory(String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidName(let name, let reason):
            "'\(name)' is not a valid plugin name: \(reason) (for example: hello-world)"
        case .invalidSkillHubPath(let path, let reason):
            "'\(path)' is not a usable SkillHub path: \(reason); pass the directory of a SkillHub checkout (--skillhub PATH)"
        case .notASkillHubCheckout(let path):
            "\(path) is not a SkillHub checkout (no Package.swift and Sources/SkillKit there); pass the directory of one (--skillhub PATH)"
        case .directoryNotEmpty(let path):
            "\(path) already exists and is not empty; choose another directory (--path DIR) or remove it"
        case .notADirectory(let path):
            "\(path) exists and is not a directory; choose another path (--path DIR)"
        case .writeFailed(let path, let reason):
            "could not write \(path): \(reason)"
        }
    }
}
