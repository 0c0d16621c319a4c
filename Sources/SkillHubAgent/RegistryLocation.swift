import Foundation

/// Where the agent finds the registry: `--registry`, else `AI_BRIDGE_REGISTRY_URL` as the Ooder guide
/// (seed 004) writes it — the register route itself (`http://localhost:8080/api/v1/skills/register`) or
/// the service's base URL. The result is the base URL the ``RegistryClient`` adds its paths to.
public enum RegistryLocation {
    /// The seed's name for the registry's address.
    public static let variable = "AI_BRIDGE_REGISTRY_URL"
    /// The route suffixes taken off a URL to get the base: the register route, then the API prefix.
    static let suffixes = ["/api/v1/skills/register", "/api/v1/skills", "/api/v1"]

    /// A problem with the registry's address, said so an operator can fix it.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// The base URL from `option` (`--registry`), or else from ``variable`` in `environment`.
    public static func resolve(option: String?, environment: [String: String]) throws(Problem) -> String {
        if let option = option?.trimmingCharacters(in: .whitespaces), !option.isEmpty {
            return try baseURL(option, source: "--registry")
        }
        if let value = environment["AI_BRIDGE_REGISTRY_URL"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
            return try baseURL(value, source: variable)
        }
        throw Problem(description: "the registry's address is required: --registry or \(variable) (e.g. http://127.0.0.1:8000)")
    }

    /// `text` as a base URL: `http(s)://host[:port][/prefix]`, without a trailing `/` or a known route suffix.
    public static func baseURL(_ text: String, source: String) throws(Problem) -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty, components.query == nil, components.fragment == nil
        else {
            throw Problem(description: "\(source): '\(text)' is not valid; expected http(s)://host[:port], or the register route http(s)://host[:port]/api/v1/skills/register")
        }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        for suffix in suffixes where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
            break
        }
        return base
    }
}
