import Crypto
import Foundation

/// Volcengine's V4 request signature (HMAC-SHA256 with an access key and a secret key),
/// computed as Volcengine's SDKs do (one signer for every Volcengine API the plugins call:
/// VikingDB rerank, OCRNormal):
///
/// - canonical request: method, path, sorted query, the signed headers (`content-type`,
///   `content-md5`, `host` and every `x-…`, lowercased and sorted, `name:value` lines), their
///   names joined by `;`, and the hex SHA-256 of the body;
/// - string to sign: `HMAC-SHA256`, the `X-Date` (`yyyyMMddTHHmmssZ`), the scope
///   `date/region/service/request` and the hex SHA-256 of the canonical request;
/// - key: HMAC chain of the secret key over the date, region, service and `request`;
/// - `Authorization: HMAC-SHA256 Credential=AK/scope, SignedHeaders=…, Signature=…`.
public struct VolcengineSigner: Sendable {
    public var accessKey: String
    public var secretKey: String
    public var region: String
    public var service: String

    public init(accessKey: String, secretKey: String, region: String, service: String) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.region = region
        self.service = service
    }

    /// `headers` plus `X-Date`, `X-Content-Sha256` and `Authorization` for a request to `url`.
    ///
    /// The `Host` header is signed from `url` but not returned: HTTP clients send it from the URL
    /// (without the port when it is the scheme's default, as signed here).
    public func sign(method: String, url: URL, headers: [String: String], body: [UInt8], date: Date) -> [String: String] {
        let timestamp = Self.timestamp(date)
        let payloadHash = Self.hex(SHA256.hash(data: body))
        var signed = headers
        signed["X-Date"] = timestamp
        signed["X-Content-Sha256"] = payloadHash
        var canonicalHeaders = Self.signedHeaders(signed)
        canonicalHeaders.append(("host", Self.host(url)))
        canonicalHeaders.sort { $0.0 < $1.0 }
        let signedNames = canonicalHeaders.map(\.0).joined(separator: ";")
        let canonicalRequest = [
            method.uppercased(),
            Self.canonicalPath(url),
            Self.canonicalQuery(url),
            canonicalHeaders.map { "\($0.0):\($0.1)\n" }.joined(),
            signedNames,
            payloadHash,
        ].joined(separator: "\n")
        let day = String(timestamp.prefix(8))
        let scope = [day, region, service, "request"].joined(separator: "/")
        let stringToSign = ["HMAC-SHA256", timestamp, scope, Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8)))].joined(separator: "\n")
        // kSigning = HMAC(HMAC(HMAC(HMAC(secret, day), region), service), "request").
        let key = [day, region, service, "request"].reduce(SymmetricKey(data: Array(secretKey.utf8))) { key, part in
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        signed["Authorization"] = "HMAC-SHA256 Credential=\(accessKey)/\(scope), SignedHeaders=\(signedNames), Signature=\(signature)"
        return signed
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// `yyyyMMddTHHmmssZ` in UTC.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let pad = { (value: Int?, width: Int) in
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + "T" + pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2) + "Z"
    }

    /// Content-Type, Content-Md5 and X- headers, lowercased, values trimmed (Host is added from the URL).
    private static func signedHeaders(_ headers: [String: String]) -> [(String, String)] {
        headers.compactMap { name, value in
            let lower = name.lowercased()
            guard lower == "content-type" || lower == "content-md5" || lower.hasPrefix("x-") else { return nil }
            return (lower, value.trimmingCharacters(in: .whitespaces))
        }
    }

    private static func host(_ url: URL) -> String {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let host = components?.host ?? ""
        guard let port = components?.port, port != 80, port != 443 else { return host }
        return "\(host):\(port)"
    }

    /// Each path segment percent-encoded outside the unreserved characters; `/` when empty.
    private static func canonicalPath(_ url: URL) -> String {
        let path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.path ?? ""
        guard !path.isEmpty else { return "/" }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { encode(String($0)) }.joined(separator: "/")
    }

    /// Query items sorted by name (stable for repeated names), `name=value` encoded, joined by `&`.
    private static func canonicalQuery(_ url: URL) -> String {
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        return items.enumerated()
            .sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }
            .map { "\(encode($0.element.name))=\(encode($0.element.value ?? ""))" }
            .joined(separator: "&")
    }

    /// RFC 3986 percent-encoding of everything but `A–Z a–z 0–9 - _ . ~`.
    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
}
