import Foundation

extension UUID {
    /// The canonical text form in lowercase (8-4-4-4-12 hexadecimal digits), as
    /// SkillHub writes every id. Written directly: `uuidString` is upper case and
    /// goes through `snprintf`.
    public var lowercasedString: String {
        var text: [UInt8] = []
        text.reserveCapacity(36)
        appendLowercasedText(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes of ``lowercasedString`` to `output`.
    public func appendLowercasedText(to output: inout [UInt8]) {
        withUnsafeBytes(of: uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { output.append(UInt8(ascii: "-")) }
                output.appendLowercaseHex(of: byte)
            }
        }
    }
}
