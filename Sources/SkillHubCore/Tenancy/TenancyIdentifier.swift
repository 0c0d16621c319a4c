/// The rules for account and user identifiers (the database checks the same).
public enum TenancyIdentifier {
    /// 1–64 characters: letters, digits, `_`, `.`, `-`; starting with a letter or digit.
    public static func validateAccountID(_ value: String, field: String = "account_id") -> FieldError? {
        validate(value, field: field, maxLength: 64, extra: "_.-")
    }

    /// 1–128 characters: letters, digits, `_`, `.`, `@`, `-`; starting with a letter or digit.
    public static func validateUserID(_ value: String, field: String = "user_id") -> FieldError? {
        validate(value, field: field, maxLength: 128, extra: "_.@-")
    }

    private static func validate(_ value: String, field: String, maxLength: Int, extra: String) -> FieldError? {
        let allowedExtra = Set(extra.unicodeScalars)
        let scalars = Array(value.unicodeScalars)
        guard let first = scalars.first, scalars.count <= maxLength else {
            return FieldError(field: field, message: "must be 1 to \(maxLength) characters")
        }
        func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
        }
        guard isAlphanumeric(first), scalars.allSatisfy({ isAlphanumeric($0) || allowedExtra.contains($0) }) else {
            return FieldError(field: field, message: "must start with a letter or digit and contain only letters, digits and \(extra.map { "'\($0)'" }.joined(separator: " "))")
        }
        return nil
    }
}
