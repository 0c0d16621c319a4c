import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import SkillHubCore
import SkillHubServer
import SkillHubTestSupport
import Testing

/// Every route the router serves × every kind of caller: only the pairs documented in
/// docs/api.md get past authorisation. The routes come from the router itself, so a new route
/// without a line in ``expectations`` fails this test until someone decides who may call it.
@Suite("Authorisation matrix: every route × every role")
struct AuthorizationMatrixTests {
    /// The callers: the roles of account A, another account's admin, root and nobody.
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, otherAdmin = "other account's admin", service, user, admin, root
    }

    /// Who may call a route.
    enum Rule: Sendable {
        /// Everyone, without credentials.
        case open
        /// Any authenticated caller.
        case anyCaller
        /// The callers whose role carries the scope (docs/api.md, "Scopes by role").
        case scope(Scope)
        /// Like ``scope(_:)`` on a private skill of account A: another account cannot see it (404).
        case accountSkill(Scope)
        /// Root only.
        case root
        /// Root and account admins (each for its own account, where the route names none).
        case admins
        /// Root and account A's admin (the path names account A).
        case accountAdmin
        /// Root, account A's admin and the user the path names (`user_id` is account A's user).
        case keyHolder

        func allows(_ caller: Caller) -> Bool {
            switch (self, caller) {
            case (.open, _): return true
            case (_, .anonymous): return false
            case (.anyCaller, _): return true
            case (.scope(let scope), _): return Self.scopes(of: caller).contains(scope)
            case (.accountSkill(let scope), _): return caller != .otherAdmin && Self.scopes(of: caller).contains(scope)
            case (.root, _): return caller == .root
            case (.admins, _): return [.root, .admin, .otherAdmin].contains(caller)
            case (.accountAdmin, _): return [.root, .admin].contains(caller)
            case (.keyHolder, _): return [.root, .admin, .user].contains(caller)
            }
        }

        static func scopes(of caller: Caller) -> Set<Scope> {
            switch caller {
            case .anonymous: []
            case .root: Set(Role.root.scopes)
            case .admin, .otherAdmin: Set(Role.admin.scopes)
            case .user: Set(Role.user.scopes)
            case .service: Set(Role.service.scopes)
            }
        }
    }

    /// The one table of expectations: `METHOD /path` as the router describes the route.
    static let expectations: [String: Rule] = [
        // Health and operations
        "GET /health": .open, "GET /ready": .open, "GET /api/health": .open, "GET /metrics": .open,
        "GET /api/v1/system/status": .admins,
        // Tenancy
        "POST /api/v1/admin/accounts": .root,
        "GET /api/v1/admin/accounts": .admins,
        "POST /api/v1/admin/accounts/{account_id}/users": .accountAdmin,
        "GET /api/v1/admin/accounts/{account_id}/users": .accountAdmin,
        "DELETE /api/v1/admin/accounts/{account_id}/users/{user_id}": .accountAdmin,
        "POST /api/v1/admin/accounts/{account_id}/users/{user_id}/keys": .keyHolder,
        "DELETE /api/v1/admin/accounts/{account_id}/users/{user_id}/keys/{key_id}": .keyHolder,
        // Tokens: issuing needs a key; revoking any credential.
        "POST /api/v1/auth/token": .anyCaller, "POST /api/v1/auth/revoke": .anyCaller,
        // Registry
        "POST /api/v1/skills": .scope(.skillsWrite), "GET /api/v1/skills": .scope(.skillsRead),
        "GET /api/v1/skills/{skill_id}": .accountSkill(.skillsRead),
        "PUT /api/v1/skills/{skill_id}": .accountSkill(.skillsWrite),
        "DELETE /api/v1/skills/{skill_id}": .accountSkill(.skillsWrite),
        "POST /api/v1/skills/register": .scope(.skillsWrite),
        "POST /api/v1/skills/{skill_id}/unregister": .accountSkill(.skillsWrite),
        "GET /api/v1/skills/discover": .scope(.skillsRead),
        "GET /api/v1/skills/{skill_id}/status": .accountSkill(.skillsRead),
        "PUT /api/v1/skills/{skill_id}/status": .accountSkill(.skillsWrite),
        "GET /api/v1/skills/{skill_id}/endpoints": .accountSkill(.skillsRead),
        "POST /api/v1/skills/{skill_id}/endpoints": .accountSkill(.skillsWrite),
        "PUT /api/v1/skills/{skill_id}/endpoints/{endpoint_id}": .accountSkill(.skillsWrite),
        "DELETE /api/v1/skills/{skill_id}/endpoints/{endpoint_id}": .accountSkill(.skillsWrite),
        "POST /api/v1/skills/{skill_id}/heartbeat": .accountSkill(.skillsHeartbeat),
        "POST /api/v1/skills/{skill_id}/endpoints/{endpoint_id}/heartbeat": .accountSkill(.skillsHeartbeat),
        "POST /api/v1/heartbeats": .scope(.skillsHeartbeat),
        "GET /api/v1/capabilities": .scope(.skillsRead), "GET /api/workers": .scope(.skillsRead),
        "GET /api/v1/admin/plugins": .admins, "POST /api/v1/admin/plugins/{name}/reload": .admins,
        // Dispatch
        "POST /api/v1/skills/{skill_id}/invoke": .accountSkill(.skillsInvoke),
        "POST /api/v1/commands/execute": .scope(.skillsInvoke),
        "GET /api/v1/executions/{execution_id}": .scope(.skillsInvoke),
        "POST /v1/rerank": .scope(.skillsInvoke), "POST /v2/rerank": .scope(.skillsInvoke),
        "POST /v1/embeddings": .scope(.skillsInvoke),
        "POST /v1/chat/completions": .scope(.skillsInvoke), "GET /v1/models": .scope(.skillsInvoke),
        "POST /api/chat": .scope(.skillsInvoke), "GET /api/metrics": .scope(.skillsInvoke),
        "POST /api/v1/chat/sessions": .scope(.skillsInvoke), "GET /api/v1/chat/sessions": .scope(.skillsInvoke),
        "GET /api/v1/chat/sessions/{session_id}": .scope(.skillsInvoke),
        "DELETE /api/v1/chat/sessions/{session_id}": .scope(.skillsInvoke),
        "POST /api/v1/chat/sessions/{session_id}/messages": .scope(.skillsInvoke),
        // Memory (the memory skill, per caller)
        "POST /api/v1/memories": .scope(.skillsInvoke), "GET /api/v1/memories": .scope(.skillsInvoke),
        "DELETE /api/v1/memories": .scope(.skillsInvoke), "POST /api/v1/memories/search": .scope(.skillsInvoke),
        "POST /api/v1/search": .scope(.skillsInvoke),
        "GET /api/v1/memories/{memory_id}": .scope(.skillsInvoke), "PUT /api/v1/memories/{memory_id}": .scope(.skillsInvoke),
        "DELETE /api/v1/memories/{memory_id}": .scope(.skillsInvoke),
        "GET /api/v1/memories/{memory_id}/history": .scope(.skillsInvoke),
        "POST /api/v1/memories/{memory_id}/restore": .scope(.skillsInvoke),
        "POST /api/v1/sessions": .scope(.skillsInvoke), "GET /api/v1/sessions/{session_id}": .scope(.skillsInvoke),
        "DELETE /api/v1/sessions/{session_id}": .scope(.skillsInvoke),
        "POST /api/v1/sessions/{session_id}/messages": .scope(.skillsInvoke),
        "POST /api/v1/sessions/{session_id}/commit": .scope(.skillsInvoke),
        "GET /api/v1/sessions/{session_id}/context": .scope(.skillsInvoke),
        // Knowledge collections
        "POST /api/v1/knowledge/collections": .scope(.knowledgeWrite),
        "GET /api/v1/knowledge/collections": .scope(.knowledgeRead),
        "GET /api/v1/knowledge/collections/{collection}": .scope(.knowledgeRead),
        "PATCH /api/v1/knowledge/collections/{collection}": .scope(.knowledgeWrite),
        "DELETE /api/v1/knowledge/collections/{collection}": .scope(.knowledgeWrite),
        "POST /api/v1/knowledge/collections/{collection}/reembed": .scope(.knowledgeWrite),
        "POST /api/v1/knowledge/collections/{collection}/documents": .scope(.knowledgeWrite),
        "GET /api/v1/knowledge/collections/{collection}/documents": .scope(.knowledgeRead),
        "GET /api/v1/knowledge/collections/{collection}/documents/{document_id}": .scope(.knowledgeRead),
        "DELETE /api/v1/knowledge/collections/{collection}/documents/{document_id}": .scope(.knowledgeWrite),
        "POST /api/v1/knowledge/collections/{collection}/query": .scope(.knowledgeRead),
        "POST /api/v1/knowledge/query": .scope(.knowledgeRead),
        // WebSocket chat (seed 003): a plain GET is checked like the upgrade.
        "GET /ws/{client_id}": .scope(.skillsInvoke),
    ]

    /// `METHOD /path` of a route as ``expectations`` names it (no trailing slash).
    static func name(_ method: HTTPRequest.Method, _ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return "\(method) \(path)"
    }

    /// Whether the route replaces a user's keys (its caller's own, for the user).
    static func rotates(_ pattern: String) -> Int { pattern.hasSuffix("/keys") || pattern.contains("/keys/") ? 1 : 0 }

    @Test func onlyDocumentedPairsGetPastAuthorisation() async throws {
        let routes = NIOLockedValueBox<[(HTTPRequest.Method, String)]>([])
        let app = try await TestApplication.make { router in
            routes.withLockedValue { $0 = router.routes.map { ($0.method, "\($0.path)") } }
        }
        let served = routes.withLockedValue { $0 }
        #expect(served.count > 50)
        let unlisted = served.map { Self.name($0.0, $0.1) }.filter { Self.expectations[$0] == nil }
        #expect(unlisted.isEmpty, "routes without an authorisation rule in AuthorizationMatrixTests.expectations: \(unlisted)")
        let gone = Set(Self.expectations.keys).subtracting(served.map { Self.name($0.0, $0.1) })
        #expect(gone.isEmpty, "rules for routes the router does not serve: \(gone.sorted())")

        try await app.test(.live) { client in
            let tenant = try await TestTenant.create(with: client, prefix: "matrix")
            let other = try await TestTenant.create(with: client, prefix: "matrixb")
            let service = KeyedClient(client: client, key: tenant.serviceKey)
            let created = try await service.post("/api/v1/skills/", #"{"name": "\#(TestStack.uniqueName("matrix"))", "version": "1.0.0"}"#)
            let skillID = try #require(try created.json()["skill_id"]?.stringValue ?? created.value()["data"]?["skill_id"]?.stringValue)
            let keys: [Caller: String] = [
                .root: TestApplication.rootKey, .admin: tenant.adminKey, .user: tenant.userKey, .service: tenant.serviceKey,
                .otherAdmin: other.adminKey,
            ]
            let parameters = [
                "account_id": tenant.accountID, "user_id": "ann", "key_id": UUID().uuidString.lowercased(), "skill_id": skillID,
                "endpoint_id": UUID().uuidString.lowercased(), "execution_id": UUID().uuidString.lowercased(), "name": "no-such-plugin",
                "session_id": "matrix-session", "memory_id": UUID().uuidString.lowercased(), "collection": "matrix-collection",
                "document_id": UUID().uuidString.lowercased(), "client_id": "matrix-client",
            ]
            var wrong: [String] = []
            // Denials first, so that a caller allowed to delete does so last (root).
            for caller in [Caller.anonymous, .otherAdmin, .service, .user, .admin, .root] {
                // Key rotations last: the user's own rotation revokes the key it calls with.
                for (method, pattern) in served.sorted(by: { (Self.rotates($0.1), Self.name($0.0, $0.1)) < (Self.rotates($1.1), Self.name($1.0, $1.1)) }) {
                    let name = Self.name(method, pattern)
                    guard let rule = Self.expectations[name] else { continue }
                    let path = "/" + pattern.split(separator: "/").map { segment in
                        segment.hasPrefix("{") ? parameters[String(segment.dropFirst().dropLast())] ?? "x" : String(segment)
                    }.joined(separator: "/")
                    var headers: HTTPFields = [:]
                    if let key = keys[caller] {
                        headers[HTTPField.Name("X-API-Key")!] = key
                        headers[.contentType] = "application/json"
                    }
                    // No body from anonymous callers: their answer is the 401 whatever they send.
                    let body = method == .get || method == .delete || caller == .anonymous ? nil : ByteBuffer(string: "{}")
                    let status = try await client.execute(uri: path, method: method, headers: headers, body: body).status
                    let allowed = rule.allows(caller)
                    let passed: Bool
                    switch (allowed, caller) {
                    case (true, _): passed = status != .unauthorized && status != .forbidden
                    case (false, .anonymous): passed = status == .unauthorized
                    case (false, .otherAdmin): passed = status == .forbidden || status == .notFound
                    case (false, _): passed = status == .forbidden
                    }
                    if !passed { wrong.append("\(caller.rawValue): \(name) → \(status.code) (expected \(allowed ? "allowed" : "denied"))") }
                }
            }
            #expect(wrong.isEmpty, "\(wrong.count) wrong pairs:\n\(wrong.joined(separator: "\n"))")
        }
    }
}
