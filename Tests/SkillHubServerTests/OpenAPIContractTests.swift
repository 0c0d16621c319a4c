import Foundation
import Hummingbird
import SkillHubCore
import SkillHubRedis
import SkillHubServer
import SkillHubStorage
import Testing

/// Every route the server answers is described in `docs/openapi.yaml`, and
/// the spec describes no route the server lacks.
@Suite("OpenAPI contract")
struct OpenAPIContractTests {
    static let specPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/openapi.yaml")

    /// `METHOD /path` for every operation in the spec, read from its `paths:` block.
    static func specifiedOperations() throws -> Set<String> {
        let text = try String(contentsOf: specPath, encoding: .utf8)
        var operations: Set<String> = []
        var currentPath: String?
        var inPaths = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, let first = line.first, !first.isWhitespace { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if let currentPath, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete"].contains(String(key)) {
                    operations.insert("\(key.uppercased()) \(currentPath)")
                }
            }
        }
        return operations
    }

    @Test func everyServedRouteIsSpecifiedAndViceVersa() async throws {
        let configuration = try SkillHubConfiguration(environment: [:])
        let dependencies = SkillHubDependencies(
            database: Database(url: configuration.database.url, poolSize: 1),
            redis: RedisConnectionPool(configuration: RedisConnectionConfiguration(host: "127.0.0.1"), maxConnections: 1),
            heartbeat: configuration.aiBridge.heartbeat
        )
        let router = try await SkillHubApplication.makeRouter(configuration: configuration, dependencies: dependencies)
        let served = Set(router.routes.map { route in
            let path = "\(route.path)".split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            return "\(route.method) /" + path.joined(separator: "/")
        })
        let specified = try Self.specifiedOperations()
        #expect(specified.count >= 10)
        #expect(served.subtracting(specified).sorted() == [], "served but not in docs/openapi.yaml")
        #expect(specified.subtracting(served).sorted() == [], "in docs/openapi.yaml but not served")
    }
}
