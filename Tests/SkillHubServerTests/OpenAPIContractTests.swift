import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
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
        Set(try specifiedOperationDetails().map { "\($0.method) \($0.path)" })
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

    /// One operation of the spec: whether it names a security requirement, and its status codes.
    struct SpecifiedOperation {
        var method: String
        var path: String
        var isSecured = false
        var statuses: Set<String> = []
    }

    /// Every operation of the spec's `paths:` block, read line by line (the spec's own layout:
    /// paths at 2 spaces, methods at 4, `security:`/`responses:` at 6, statuses at 8).
    static func specifiedOperationDetails() throws -> [SpecifiedOperation] {
        let text = try String(contentsOf: specPath, encoding: .utf8)
        var operations: [SpecifiedOperation] = []
        var currentPath: String?
        var inPaths = false
        var inResponses = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, let first = line.first, !first.isWhitespace { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                currentPath = String(line.dropFirst(2).dropLast())
                inResponses = false
            } else if let currentPath, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = String(line.trimmingCharacters(in: .whitespaces).dropLast())
                inResponses = false
                if ["get", "post", "put", "patch", "delete"].contains(key) {
                    operations.append(SpecifiedOperation(method: key.uppercased(), path: currentPath))
                }
            } else if !operations.isEmpty, line.hasPrefix("      "), !line.hasPrefix("       ") {
                inResponses = line == "      responses:"
                if line.hasPrefix("      security:"), line.contains("apiKey") || line.contains("bearer") { operations[operations.count - 1].isSecured = true }
            } else if inResponses, line.hasPrefix("        \""), !line.hasPrefix("         ") {
                operations[operations.count - 1].statuses.insert(String(line.dropFirst(9).prefix(3)))
            }
        }
        return operations
    }

    /// Issue 18: six operations that answer 401 did not list it. Every operation behind
    /// authentication answers 401 (no, invalid or conflicting credentials) and 503 (an API key is
    /// checked in PostgreSQL, which may be out of reach), so each must say so.
    @Test func everySecuredOperationDocuments401And503() throws {
        let operations = try Self.specifiedOperationDetails()
        let secured = operations.filter(\.isSecured)
        #expect(secured.count > 50)
        for operation in secured {
            #expect(operation.statuses.contains("401"), "\(operation.method) \(operation.path) lists \(operation.statuses.sorted())")
            #expect(operation.statuses.contains("503"), "\(operation.method) \(operation.path) lists \(operation.statuses.sorted())")
        }
    }

    /// Issue 18: an undeclared method on a documented path is a 405 naming the declared ones.
    @Test func everySpecifiedPathRefusesAnUndeclaredMethodWith405() async throws {
        let methods = Dictionary(grouping: try Self.specifiedOperationDetails(), by: \.path).mapValues { Set($0.map(\.method)) }
        try await TestApplication.make().test(.live) { client in
            for (path, declared) in methods.sorted(by: { $0.key < $1.key }) {
                let uri = path.replacing(/\{[a-z_]+\}/) { _ in "x1" }
                let response = try await client.execute(uri: uri, method: HTTPRequest.Method("TRACE")!)
                #expect(response.status == .methodNotAllowed, "TRACE \(uri)")
                #expect(response.headers[.allow] == declared.sorted().joined(separator: ", "), "TRACE \(uri)")
            }
        }
    }

    /// Issue 18, found by scripts/contract.sh: JSON allows `\u0000`, PostgreSQL's `jsonb` and `text`
    /// cannot hold it, and the refusal came back as a 500. It is the request that cannot be stored:
    /// 400 (1001) with `details.fields`, as the spec documents, in metadata and in plain text alike.
    @Test func aNulCharacterInStoredTextIsA400NotA500() async throws {
        let apiKey = HTTPField.Name("X-API-Key")!
        try await TestApplication.make().test(.live) { client in
            let bodies = [
                #"{"name": "nul-metadata-\#(UUID().uuidString.prefix(8))", "version": "1.0.0", "metadata": {"k\u0000": ["a\u0000b"]}}"#,
                #"{"name": "nul-description-\#(UUID().uuidString.prefix(8))", "version": "1.0.0", "description": "a\u0000b"}"#,
            ]
            for body in bodies {
                let response = try await client.execute(
                    uri: "/api/v1/skills", method: .post,
                    headers: [apiKey: TestApplication.rootKey, .contentType: "application/json"], body: ByteBuffer(string: body)
                )
                #expect(response.status == .badRequest, "\(body)")
                let json = try response.json()
                #expect(json["code"] == 1001)
                guard case .object(let details)? = json["details"], case .array(let fields)? = details["fields"] else {
                    Issue.record("no details.fields in \(json)")
                    continue
                }
                #expect(fields.count == 1)
            }
        }
    }
}
