import HTTPTypes
import Hummingbird

/// Which methods the router serves on each path pattern, to tell "no such path" (404) from
/// "this path, but not with this method" (405) for a request the router found no route for.
struct RouteMethodTable: Sendable {
    private struct Pattern: Sendable {
        var components: [RouterPath.Element]
        var methods: Set<HTTPRequest.Method>
    }

    private let patterns: [Pattern]

    /// The table of `routes` (a router's ``Router/routes``).
    init(_ routes: [Router<SkillHubRequestContext>.RouteDescription]) {
        var methods: [String: Pattern] = [:]
        for route in routes {
            methods["\(route.path)", default: Pattern(components: route.path.components, methods: [])].methods.insert(route.method)
        }
        patterns = Array(methods.values)
    }

    /// The methods served on `path`, from the most specific pattern that matches it (a literal
    /// segment beats a parameter, as in the router); nil when no pattern matches.
    func methods(forPath path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let matching = patterns.filter { pattern in
            pattern.components.count == segments.count && zip(pattern.components, segments).allSatisfy { $0 ~= $1 }
        }
        // The pattern whose first literal-versus-parameter difference is a literal.
        func literals(_ pattern: Pattern) -> [Bool] { zip(pattern.components, segments).map { $0 == $1 } }
        let best = matching.max { literals($0).lexicographicallyPrecedes(literals($1)) { !$0 && $1 } }
        return best?.methods
    }
}
