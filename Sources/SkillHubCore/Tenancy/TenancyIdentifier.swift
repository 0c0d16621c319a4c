/// The rules for account and user identifiers (the database checks the same).
public enum TenancyIdentifier {
    /// 1–64 characters: letters, digits, `_`, `.`, `-`; starting with a letter or digit.
    public static func validateAccountID(_ value: String, field: String = "account_id") -> FieldError? {
        IdentifierSyntax.validate(value, field: field, maxLength: 64, extra: "_.-")
    }

    /// 1–128 characters: letters, digits, `_`, `.`, `@`, `-`; starting with a letter or digit.
    public static func validateUserID(_ value: String, field: String = "user_id") -> FieldError? {
        IdentifierSyntax.validate(value, field: field, maxLength: 128, extra: "_.@-")
    }
}
