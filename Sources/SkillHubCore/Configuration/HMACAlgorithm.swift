/// The JWT HMAC algorithms SkillHub signs and verifies (RFC 7518 §3.2).
public enum HMACAlgorithm: String, Sendable, CaseIterable {
    case hs256 = "HS256"
    case hs384 = "HS384"
    case hs512 = "HS512"

    /// A secret shorter than the hash output is weak and refused by the JWT library.
    public var minimumSecretBytes: Int {
        switch self {
        case .hs256: 32
        case .hs384: 48
        case .hs512: 64
        }
    }
}
