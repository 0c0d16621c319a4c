/// Tesseract languages joined by `+`, e.g. `eng+chi_sim`; names are checked so they cannot reach outside tessdata.
public struct LanguageSet: Sendable, Hashable, CustomStringConvertible {
    public let names: [String]

    /// Parses `eng+chi_sim`; an empty or malformed name is invalid input.
    public init(_ text: String) throws(OCRError) {
        let names = text.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        guard names.allSatisfy(Self.isValidName) else {
            throw .invalid("languages must be Tesseract language names joined by '+', e.g. 'eng+chi_sim'; got '\(text)'")
        }
        self.names = names
    }

    /// As Tesseract takes it.
    public var description: String { names.joined(separator: "+") }

    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 32 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
