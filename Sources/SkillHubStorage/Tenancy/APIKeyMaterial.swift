import Crypto
import Foundation
import SkillHubCore

/// A newly generated API key: the secret, shown once, and what is stored of it.
public struct APIKeyMaterial: Sendable {
    public static let scheme = "shk_"

    /// The whole key, given to its owner once and never stored.
    public let plaintext: String
    /// The first characters, stored and shown in lists to tell keys apart.
    public let prefix: String
    /// SHA-256 of the key: the only form kept in the database.
    public let hash: [UInt8]

    /// 256 random bits from the system's CSPRNG, hex-encoded behind `shk_`.
    public static func generate() -> APIKeyMaterial {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.lowercaseHex
        return APIKeyMaterial(plaintext: scheme + secret)
    }

    init(plaintext: String) {
        self.plaintext = plaintext
        self.prefix = String(plaintext.prefix(Self.scheme.count + 8))
        self.hash = Self.hash(plaintext)
    }

    public static func hash(_ plaintext: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(plaintext.utf8)))
    }
}
