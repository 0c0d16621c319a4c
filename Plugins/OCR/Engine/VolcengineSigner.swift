import Crypto
import Foundation

/// Volcengine's request signature (HMAC-SHA256, "V4"): a canonical request over method, path, query, the
/// signed headers and the body's SHA-256, signed with a key derived from the secret key, the day, region and service.
public struct VolcengineSigner: Sendable {
    public var accessKey: String
    public var secretKey: String
    public var region: String
    public var service: String

    public init(accessKey: String, secretKey: String, region: String = "cn-north-1", service: String = "cv") {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.region = region
        self.service = service
    }

    /// The headers to send: `Host`, `Content-Type`, `X-Date`, `X-Content-Sha256` and `Authorization`.
    public func headers(method: String, host: String, path: String, query: [(String, String)], contentType: String, body: [UInt8], date: Date) -> [String: String] {
        let timestamp = Self.timestamp(date)
        let day = String(timestamp.prefix(8))
        let payloadHash = Self.hex(SHA256.hash(data: body))
        let signed: [(String, String)] = [
            ("content-type", contentType), ("host", host), ("x-content-sha256", payloadHash), ("x-date", timestamp),
        ]
        let signedNames = signed.map(\.0).joined(separator: ";")
        let canonicalRequest = [
            method, path.isEmpty ? "/" : path, canonicalQuery(query),
            signed.map { "\($0.0):\($0.1)\n" }.joined(), signedNames, payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/request"
        let stringToSign = ["HMAC-SHA256", timestamp, scope, Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8)))].joined(separator: "\n")
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(day: day)))
        return [
            "Host": host,
            "Content-Type": contentType,
            "X-Date": timestamp,
            "X-Content-Sha256": payloadHash,
            "Authorization": "HMAC-SHA256 Credential=\(accessKey)/\(scope), SignedHeaders=\(signedNames), Signature=\(signature)",
        ]
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC(secret, day), region), service), "request").
    private func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(secretKey.utf8))
        for part in [day, region, service, "request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// `20201103T104027Z`, UTC.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let fields = [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map { $0 ?? 0 }
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
