/// What `Authorization: Bearer <credential>` carries: a JWT (three
/// dot-separated parts) or anything else, which counts as an API key (as
/// OpenAI- and Cohere-style clients send their keys).
///
/// Read byte by byte: this runs on every authenticated request, and
/// Foundation's string trimming costs about a tenth of a dispatched call.
enum BearerCredential: Equatable {
    case token(String)
    case apiKey(String)

    /// The credential of an `Authorization` header; nil unless it is
    /// `Bearer` (any case) followed by whitespace and a credential.
    init?(_ authorization: String) {
        let bytes = Array(authorization.utf8)
        let scheme = Array("bearer".utf8)
        guard bytes.count > scheme.count, Self.isBlank(bytes[scheme.count]),
            zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 })
        else { return nil }
        guard let first = bytes[scheme.count...].firstIndex(where: { !Self.isBlank($0) }),
            let last = bytes.lastIndex(where: { !Self.isBlank($0) })
        else { return nil }
        let credential = bytes[first...last]
        let text = String(decoding: credential, as: UTF8.self)
        self = credential.count(where: { $0 == UInt8(ascii: ".") }) == 2 ? .token(text) : .apiKey(text)
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
}
