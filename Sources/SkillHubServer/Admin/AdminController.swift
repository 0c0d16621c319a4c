import Foundation
import Hummingbird
import SkillHubCore
import SkillHubStorage

/// Tenancy administration (seed 000 §5): the root key creates accounts,
/// account administrators manage users, and users hold API keys.
struct AdminController: Sendable {
    let tenancy: TenancyRepository
    /// Told of every change to a user's keys, so no instance goes on trusting a key it verified before.
    let keyCache: APIKeyCache
    let authentication: AuthenticationMiddleware

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let admin = router.group("/api/v1/admin").add(middleware: authentication)
        admin.post("/accounts") { request, context in try await self.createAccount(request, context) }
        admin.get("/accounts") { _, context in try await self.listAccounts(context) }
        admin.post("/accounts/:account_id/users") { request, context in try await self.addUser(request, context) }
        admin.get("/accounts/:account_id/users") { _, context in try await self.listUsers(context) }
        admin.delete("/accounts/:account_id/users/:user_id") { _, context in try await self.deleteUser(context) }
        admin.post("/accounts/:account_id/users/:user_id/keys") { _, context in try await self.regenerateKey(context) }
        admin.delete("/accounts/:account_id/users/:user_id/keys/:key_id") { _, context in try await self.revokeKey(context) }
    }

    func createAccount(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.role == .root else { throw SkillHubError(.forbidden, "only the root key may create accounts") }
        let body = try await StrictJSONBody.decode(CreateAccountRequest.self, allowedKeys: CreateAccountRequest.keys, from: request, context: context)
        try body.validate()
        let key = try await tenancy.createAccount(accountID: body.accountID, name: body.name ?? body.accountID, adminUserID: body.adminUserID, by: principal)
        let result = IssuedKeyBody(accountID: body.accountID, userID: body.adminUserID, role: .admin, isAccountAdmin: true, key: key)
        return try JSONResponses.response(AdminResponse(result: result), status: .created)
    }

    func listAccounts(_ context: SkillHubRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.role == .root || principal.role == .admin else {
            throw SkillHubError(.forbidden, "only root and account administrators may list accounts")
        }
        let accounts = try await tenancy.listAccounts().filter { principal.role == .root || $0.accountID == principal.accountID }
        return try JSONResponses.response(AdminResponse(result: accounts))
    }

    func addUser(_ request: Request, _ context: SkillHubRequestContext) async throws -> Response {
        let (principal, accountID) = try administeredAccount(context)
        let body = try await StrictJSONBody.decode(AddUserRequest.self, allowedKeys: AddUserRequest.keys, from: request, context: context)
        let role = try body.validatedRole()
        let key = try await tenancy.addUser(accountID: accountID, userID: body.userID, role: role, by: principal)
        let result = IssuedKeyBody(accountID: accountID, userID: body.userID, role: role, key: key)
        return try JSONResponses.response(AdminResponse(result: result), status: .created)
    }

    func listUsers(_ context: SkillHubRequestContext) async throws -> Response {
        let (_, accountID) = try administeredAccount(context)
        return try JSONResponses.response(AdminResponse(result: try await tenancy.listUsers(accountID: accountID)))
    }

    func deleteUser(_ context: SkillHubRequestContext) async throws -> Response {
        let (principal, accountID) = try administeredAccount(context)
        let userID = try context.parameters.require("user_id")
        try await tenancy.deleteUser(accountID: accountID, userID: userID, by: principal)
        await keyCache.forget(accountID: accountID, userID: userID)
        return Response(status: .noContent)
    }

    func regenerateKey(_ context: SkillHubRequestContext) async throws -> Response {
        let (principal, accountID, userID) = try keyOwner(context)
        let key = try await tenancy.regenerateKey(accountID: accountID, userID: userID, by: principal)
        await keyCache.forget(accountID: accountID, userID: userID)
        let result = IssuedKeyBody(accountID: accountID, userID: userID, role: nil, key: key)
        return try JSONResponses.response(AdminResponse(result: result), status: .created)
    }

    func revokeKey(_ context: SkillHubRequestContext) async throws -> Response {
        let (principal, accountID, userID) = try keyOwner(context)
        guard let keyID = UUID(uuidString: try context.parameters.require("key_id")) else {
            throw SkillHubError.invalidFields([FieldError(field: "key_id", message: "must be a UUID")])
        }
        try await tenancy.revokeKey(accountID: accountID, userID: userID, keyID: keyID, by: principal)
        await keyCache.forget(accountID: accountID, userID: userID)
        return Response(status: .noContent)
    }

    /// The caller and the account in the path, when the caller administers it.
    private func administeredAccount(_ context: SkillHubRequestContext) throws -> (Principal, String) {
        let principal = try context.requirePrincipal()
        let accountID = try context.parameters.require("account_id")
        guard principal.administers(accountID: accountID) else {
            throw SkillHubError(.forbidden, "you do not administer account '\(accountID)'")
        }
        return (principal, accountID)
    }

    /// The caller, account and user in the path, when the caller administers the account or is that user.
    private func keyOwner(_ context: SkillHubRequestContext) throws -> (Principal, String, String) {
        let principal = try context.requirePrincipal()
        let accountID = try context.parameters.require("account_id")
        let userID = try context.parameters.require("user_id")
        let isSelf = principal.accountID == accountID && principal.userID == userID
        guard principal.administers(accountID: accountID) || isSelf else {
            throw SkillHubError(.forbidden, "you may manage only your own keys in account '\(accountID)'")
        }
        return (principal, accountID, userID)
    }
}
