/// The value of a span attribute: the OTLP `AnyValue` kinds SkillHub records.
enum SpanAttribute: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
}

/// What a span stands for (OTLP's `SpanKind`).
enum SpanKind: Int, Sendable {
    case `internal` = 1
    case server = 2
    case client = 3
}

/// How a span ended (OTLP's `Status.code`): unset, or an error with its message.
enum SpanStatus: Sendable, Equatable {
    case unset
    case error(String)
}
