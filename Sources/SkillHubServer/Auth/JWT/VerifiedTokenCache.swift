import NIOConcurrencyHelpers

/// Tokens whose signature, algorithm, key, issuer and audience have already
/// been checked, with their claims: a token seen again skips the parsing and
/// the signature check (its time bounds and the deny-list are still checked
/// on every use). Holds at most ``capacity`` tokens; starts over when full.
final class VerifiedTokenCache: Sendable {
    private let claims = NIOLockedValueBox<[String: TokenClaims]>([:])
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func claims(of token: String) -> TokenClaims? {
        claims.withLockedValue { $0[token] }
    }

    func remember(_ token: String, _ verified: TokenClaims) {
        claims.withLockedValue { claims in
            if claims.count >= capacity { claims.removeAll(keepingCapacity: true) }
            claims[token] = verified
        }
    }
}
