import NIOConcurrencyHelpers

/// Tokens whose signature, algorithm, key, issuer and audience have already
/// been checked, with their claims and scopes: a token seen again skips the parsing and
/// the signature check (its time bounds and the deny-list are still checked
/// on every use). Holds at most ``capacity`` tokens; starts over when full.
final class VerifiedTokenCache: Sendable {
    private let tokens = NIOLockedValueBox<[String: VerifiedToken]>([:])
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func verified(_ token: String) -> VerifiedToken? {
        tokens.withLockedValue { $0[token] }
    }

    func remember(_ token: String, _ verified: VerifiedToken) {
        tokens.withLockedValue { tokens in
            if tokens.count >= capacity { tokens.removeAll(keepingCapacity: true) }
            tokens[token] = verified
        }
    }
}
