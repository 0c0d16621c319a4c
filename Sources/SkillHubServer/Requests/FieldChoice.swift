import SkillHubCore

/// Reads a string field that must be one of an enumeration's values.
enum FieldChoice {
    /// The value for `text`, `fallback` when absent; a field error naming the allowed values when invalid.
    static func parse<Choice: RawRepresentable & CaseIterable>(
        _ text: String?, field: String, default fallback: Choice, problems: inout [FieldError]
    ) -> Choice where Choice.RawValue == String {
        guard let text else { return fallback }
        return parse(text, field: field, problems: &problems) ?? fallback
    }

    static func parse<Choice: RawRepresentable & CaseIterable>(
        _ text: String, field: String, problems: inout [FieldError]
    ) -> Choice? where Choice.RawValue == String {
        if let value = Choice(rawValue: text) { return value }
        problems.append(FieldError(field: field, message: "must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))"))
        return nil
    }
}
