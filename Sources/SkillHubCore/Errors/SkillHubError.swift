/// An error that is reported to clients in SkillHub's envelope
/// `{code, message, details, timestamp}`.
public struct SkillHubError: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var message: String
    public var details: JSONValue?

    public init(_ code: ErrorCode, _ message: String, details: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// A 400 naming the offending fields, each with its own message.
    public static func invalidFields(_ fields: [FieldError]) -> SkillHubError {
        let summary = fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        return SkillHubError(
            .invalidParameter,
            "invalid request: \(summary)",
            details: ["fields": .array(fields.map { ["field": .string($0.field), "message": .string($0.message)] })]
        )
    }
}

/// One invalid field of a request.
public struct FieldError: Sendable, Equatable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
