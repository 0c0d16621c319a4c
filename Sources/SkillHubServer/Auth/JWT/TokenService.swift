import Foundation
import JWTKit
import SkillHubCore

/// Issues and verifies access tokens following RFC 8725: the accepted
/// algorithms come from configuration, never from the token; `kid` must name
/// a configured key whose algorithm is the token's; `iss`, `aud`, `exp`, `nbf`
/// are checked with a small leeway; a revoked `jti` (``RevokedTokenList``) fails.
struct TokenService: Sendable {
    /// Why a token was refused. Clients only learn "invalid" or "expired".
    enum Failure: Error, Equatable {
        case malformed, algorithmNotAllowed, unknownKey, badSignature, wrongIssuer, wrongAudience, expired, notYetValid, revoked
    }

    private let keys: JWTKeyCollection
    /// Key id → the one algorithm that key verifies.
    private let keyAlgorithms: [String: TokenAlgorithm]
    private let signingKeyID: String
    private let signingAlgorithm: TokenAlgorithm
    private let allowedAlgorithms: Set<String>
    private let issuer: String
    private let audience: String
    private let lifetime: Int
    private let leeway: TimeInterval
    private let revocations: RevokedTokenList
    private let verified = VerifiedTokenCache()

    /// Loads the configured secrets and key files; fails with the reason when one cannot be used.
    init(security: SkillHubConfiguration.Security, revocations: RevokedTokenList) async throws {
        let loaded = try await JWTKeyLoader.load(security)
        self.keys = loaded.collection
        self.keyAlgorithms = loaded.algorithms
        self.signingKeyID = security.jwtKeyID
        self.signingAlgorithm = security.signingAlgorithm
        self.allowedAlgorithms = Set(security.algorithms)
        self.issuer = security.jwtIssuer
        self.audience = security.jwtAudience
        self.lifetime = security.jwtExpirySeconds
        self.leeway = TimeInterval(security.jwtLeewaySeconds)
        self.revocations = revocations
    }

    struct IssuedToken: Sendable {
        var token: String
        var expiresIn: Int
        var scopes: [Scope]
        var claims: TokenClaims
    }

    /// A token for `principal` with its role's scopes.
    func issue(for principal: Principal, now: Date = Date()) async throws -> IssuedToken {
        let scopes = principal.role.scopes
        let claims = TokenClaims(
            sub: SubjectClaim(value: principal.userID),
            account: principal.accountID,
            role: principal.role,
            scope: scopes.map(\.rawValue).joined(separator: " "),
            iss: IssuerClaim(value: issuer),
            aud: AudienceClaim(value: [audience]),
            iat: IssuedAtClaim(value: now),
            nbf: NotBeforeClaim(value: now),
            exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(lifetime))),
            jti: IDClaim(value: UUID().lowercasedString)
        )
        var header = JWTHeader()
        header.typ = "JWT"
        header.alg = signingAlgorithm.rawValue
        let token = try await keys.sign(claims, kid: JWKIdentifier(string: signingKeyID), header: header)
        return IssuedToken(token: token, expiresIn: lifetime, scopes: scopes, claims: claims)
    }

    /// The token's claims and scopes, if every check passes.
    func verify(_ token: String, now: Date = Date()) async throws(Failure) -> VerifiedToken {
        let claims: VerifiedToken
        if let known = verified.verified(token) {
            claims = known
        } else {
            claims = VerifiedToken(try await checkSignatureAndAudience(of: token))
            verified.remember(token, claims)
        }
        guard now.timeIntervalSince(claims.exp.value) < leeway else { throw .expired }
        guard claims.nbf.value.timeIntervalSince(now) <= leeway else { throw .notYetValid }
        if await revocations.isRevoked(claims.jti.value) { throw .revoked }
        return claims
    }

    /// What does not change over a token's life: its algorithm and key, signature, issuer and audience.
    private func checkSignatureAndAudience(of token: String) async throws(Failure) -> TokenClaims {
        let header = try Self.header(of: token)
        guard let algorithm = header.alg, allowedAlgorithms.contains(algorithm) else { throw .algorithmNotAllowed }
        guard let kid = header.kid, keyAlgorithms[kid]?.rawValue == algorithm else { throw .unknownKey }
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, as: TokenClaims.self)
        } catch {
            throw .badSignature
        }
        guard claims.iss.value == issuer else { throw .wrongIssuer }
        guard claims.aud.value.contains(audience) else { throw .wrongAudience }
        return claims
    }

    /// Puts the token's `jti` on the deny-list until the token would have expired anyway.
    func revoke(_ claims: TokenClaims) async throws {
        try await revocations.revoke(claims.jti.value, until: claims.exp.value.addingTimeInterval(leeway))
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    private static func header(of token: String) throws(Failure) -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URLEncoded: String(parts[0])),
            let header = try? JSONDecoder().decode(Header.self, from: data)
        else { throw .malformed }
        return header
    }
}

extension Data {
    /// Decodes base64url without padding (RFC 7515 §2).
    init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
