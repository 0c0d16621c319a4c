import Foundation
import SkillHubCore
import Yams

/// What a skill service registers: the body of `POST /api/v1/skills/register`,
/// read from a YAML or JSON file.
public struct SkillManifest: Sendable, Equatable {
    /// The manifest as the JSON object sent to the registry.
    public var body: [String: JSONValue]
    public var name: String
    public var version: String
    /// The URLs of the manifest's endpoints: the ones this agent keeps alive.
    public var endpointURLs: [String]
    /// The URLs of endpoints the agent removes when it stops (`ephemeral`, the default).
    public var ephemeralURLs: [String]

    /// Reads `path`: JSON when it ends in `.json` or starts with `{`, YAML otherwise.
    public init(contentsOf path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ManifestError("cannot read the manifest \(path): \(error.localizedDescription)")
        }
        try self.init(text: text, source: path)
    }

    public init(text: String, source: String = "manifest") throws {
        let value: JSONValue
        do {
            let isJSON = source.hasSuffix(".json") || text.drop { $0.isWhitespace }.first == "{"
            if isJSON {
                value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            } else {
                value = try YAMLDecoder().decode(JSONValue.self, from: text)
            }
        } catch {
            throw ManifestError("\(source) is not valid \(source.hasSuffix(".json") ? "JSON" : "YAML/JSON"): \(error)")
        }
        guard case .object(let body) = value else { throw ManifestError("\(source) must describe one skill as a mapping") }
        guard let name = value["name"]?.stringValue, let version = value["version"]?.stringValue else {
            throw ManifestError("\(source) needs `name` and `version`")
        }
        self.body = body
        self.name = name
        self.version = version
        self.endpointURLs = (value["endpoints"]?.arrayValue ?? []).compactMap { $0["url"]?.stringValue }
        self.ephemeralURLs = (value["endpoints"]?.arrayValue ?? []).compactMap { endpoint in
            guard let url = endpoint["url"]?.stringValue, endpoint["ephemeral"] != .bool(false) else { return nil }
            return url
        }
    }
}

/// A manifest that cannot be used, with the reason.
public struct ManifestError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
