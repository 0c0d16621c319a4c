import HTTPTypes

/// The W3C trace-context headers a dispatched call passes on to remote endpoints.
enum TraceHeaders {
    static let names = ["traceparent", "tracestate", "baggage"]

    static func forwarded(from headers: HTTPFields) -> [(name: String, value: String)] {
        names.compactMap { name in
            guard let field = HTTPField.Name(name), let value = headers[field] else { return nil }
            return (name, value)
        }
    }
}
