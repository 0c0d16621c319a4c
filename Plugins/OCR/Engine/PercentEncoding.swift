extension String {
    /// RFC 3986 encoding: everything but `A–Z a–z 0–9 - _ . ~` as `%XX`, as Volcengine signs query and form values.
    var rfc3986Encoded: String {
        var encoded = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                encoded.unicodeScalars.append(contentsOf: ["%", hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return encoded
    }
}

/// `a=1&b=2` from pairs sorted by name, both sides RFC 3986 encoded.
func canonicalQuery(_ pairs: [(String, String)]) -> String {
    pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
        .map { "\($0.0.rfc3986Encoded)=\($0.1.rfc3986Encoded)" }
        .joined(separator: "&")
}
