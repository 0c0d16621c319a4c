import Crypto
import Foundation
import SkillHubCore

/// Signs command callbacks so their receivers can tell them from forgeries:
/// `X-SkillHub-Timestamp: <Unix seconds>` and
/// `X-SkillHub-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
/// A receiver recomputes the HMAC over the raw body, compares in constant
/// time, and refuses timestamps far from its clock (replays).
struct CallbackSignature: Sendable {
    static let timestampHeader = "X-SkillHub-Timestamp"
    static let signatureHeader = "X-SkillHub-Signature"

    private let key: SymmetricKey

    init(secret: String) {
        key = SymmetricKey(data: Data(secret.utf8))
    }

    /// The headers that sign `body` sent at `time`.
    func headers(for body: [UInt8], at time: Date = Date()) -> [(name: String, value: String)] {
        let timestamp = String(Int(time.timeIntervalSince1970))
        return [(Self.timestampHeader, timestamp), (Self.signatureHeader, "v1=" + signature(of: body, timestamp: timestamp))]
    }

    /// The hex HMAC of `"<timestamp>.<body>"`.
    func signature(of body: [UInt8], timestamp: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(timestamp.utf8) + [UInt8(ascii: ".")] + body, using: key)
        return mac.lowercaseHex
    }
}
