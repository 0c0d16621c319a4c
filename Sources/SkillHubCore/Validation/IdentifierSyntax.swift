/// The one rule behind SkillHub's identifiers (accounts, users, skill and
/// plugin names): ASCII letters and digits plus a few punctuation marks,
/// starting with a letter or digit, of bounded length.
public enum IdentifierSyntax {
    /// Whether `value` is 1…`maxLength` characters of letters, digits and `extra`, starting with a letter or digit.
    public static func isIdentifier(_ value: String, maxLength: Int, extra: String) -> Bool {
        let allowedExtra = Set(extra.unicodeScalars)
        let scalars = Array(value.unicodeScalars)
        guard let first = scalars.first, scalars.count <= maxLength, isAlphanumeric(first) else { return false }
        return scalars.allSatisfy { isAlphanumeric($0) || allowedExtra.contains($0) }
    }

    /// The field error for `value`, or nil when it is a valid identifier.
    public static func validate(_ value: String, field: String, maxLength: Int, extra: String) -> FieldError? {
        if value.isEmpty || value.unicodeScalars.count > maxLength {
            return FieldError(field: field, message: "must be 1 to \(maxLength) characters")
        }
        guard isIdentifier(value, maxLength: maxLength, extra: extra) else {
            return FieldError(field: field, message: "must start with a letter or digit and contain only letters, digits and \(extra.map { "'\($0)'" }.joined(separator: " "))")
        }
        return nil
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
    }
}
