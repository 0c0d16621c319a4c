import JWTKit
import SkillHubCore

/// The claims of a SkillHub access token.
struct TokenClaims: JWTPayload, Equatable {
    var sub: SubjectClaim
    var account: String?
    var role: Role
    /// Space-separated scopes (RFC 8693 style).
    var scope: String
    var iss: IssuerClaim
    var aud: AudienceClaim
    var iat: IssuedAtClaim
    var nbf: NotBeforeClaim
    var exp: ExpirationClaim
    var jti: IDClaim

    /// Claims are checked by ``TokenService`` against the configured issuer,
    /// audience, leeway and deny-list, after the signature.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    var scopes: Set<Scope> { Set(scope.split(separator: " ").compactMap { Scope(rawValue: String($0)) }) }

    var principal: Principal { Principal(accountID: account, userID: sub.value, role: role) }
}

/// A token that passed every check: its claims, and the scopes they grant
/// (parsed once per token, not on every request). Reads through to the claims.
@dynamicMemberLookup
struct VerifiedToken: Sendable, Equatable {
    let claims: TokenClaims
    let scopes: Set<Scope>

    init(_ claims: TokenClaims) {
        self.claims = claims
        self.scopes = claims.scopes
    }

    subscript<Value>(dynamicMember keyPath: KeyPath<TokenClaims, Value>) -> Value {
        claims[keyPath: keyPath]
    }
}
