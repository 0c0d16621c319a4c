/// The JWT algorithms SkillHub signs and verifies (RFC 7518, RFC 8037).
public enum TokenAlgorithm: String, Sendable, CaseIterable {
    case hs256 = "HS256"
    case hs384 = "HS384"
    case hs512 = "HS512"
    case rs256 = "RS256"
    case rs384 = "RS384"
    case rs512 = "RS512"
    case es256 = "ES256"
    case es384 = "ES384"
    case es512 = "ES512"
    case eddsa = "EdDSA"

    /// The kind of key an algorithm uses.
    public enum KeyFamily: Sendable, Equatable {
        /// A shared secret (`SECURITY_JWT_SECRET`).
        case hmac
        /// RSA key pairs from PEM files.
        case rsa
        /// Elliptic-curve key pairs from PEM files.
        case ecdsa
        /// Ed25519 key pairs from PEM files.
        case eddsa
    }

    public var family: KeyFamily {
        switch self {
        case .hs256, .hs384, .hs512: .hmac
        case .rs256, .rs384, .rs512: .rsa
        case .es256, .es384, .es512: .ecdsa
        case .eddsa: .eddsa
        }
    }

    /// The shortest secret an HMAC algorithm accepts: the hash output size
    /// (RFC 7518 §3.2; the JWT library refuses shorter ones). Nil for key pairs.
    public var minimumSecretBytes: Int? {
        switch self {
        case .hs256: 32
        case .hs384: 48
        case .hs512: 64
        default: nil
        }
    }
}
