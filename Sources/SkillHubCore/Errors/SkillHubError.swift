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

    /// A 400 about one field (`body` for the body as a whole), listed in `details.fields` as every
    /// validation error's is; `message` replaces the default `invalid request: FIELD: PROBLEM`.
    public static func invalidField(_ field: String, _ problem: String, message: String? = nil) -> SkillHubError {
        SkillHubError(
            .invalidParameter,
            message ?? "invalid request: \(field): \(problem)",
            details: ["fields": [["field": .string(field), "message": .string(problem)]]]
        )
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

extension SkillHubError: CustomStringConvertible {
    /// The message alone, as a person reads it: what `"\(error)"` shows in logs, readiness
    /// answers and plugin reports (never the Swift debug form of the struct).
    public var description: String { message }
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
