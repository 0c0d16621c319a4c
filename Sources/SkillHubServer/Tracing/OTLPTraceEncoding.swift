import SkillHubCore

/// Ended spans as an OTLP/HTTP JSON export request (`ExportTraceServiceRequest` in the protobuf
/// JSON mapping: ids in lowercase hexadecimal, 64-bit integers as strings).
enum OTLPTraceEncoding {
    /// The body of one `POST /v1/traces`.
    static func body(of spans: [Span.Record], serviceName: String, version: String) -> [UInt8] {
        let resource: JSONValue = ["attributes": .array([attribute("service.name", .string(serviceName)), attribute("service.version", .string(version))])]
        let scope: JSONValue = ["name": "skillhub", "version": .string(version)]
        let scopeSpans: JSONValue = ["scope": scope, "spans": .array(spans.map(span))]
        let resourceSpans: JSONValue = ["resource": resource, "scopeSpans": [scopeSpans]]
        return JSONValue.object(["resourceSpans": [resourceSpans]]).serialized()
    }

    static func span(_ span: Span.Record) -> JSONValue {
        var fields: [String: JSONValue] = [
            "traceId": .string(span.context.traceID.hexText),
            "spanId": .string(TraceContext.hexText(ofSpanID: span.context.spanID)),
            "name": .string(span.name),
            "kind": .number(Double(span.kind.rawValue)),
            "startTimeUnixNano": .string(String(span.startTime)),
            "endTimeUnixNano": .string(String(span.endTime)),
            "attributes": .array(span.attributes.map { attribute($0.key, $0.value) }),
        ]
        if let parent = span.parentSpanID { fields["parentSpanId"] = .string(TraceContext.hexText(ofSpanID: parent)) }
        if let state = span.context.traceState { fields["traceState"] = .string(state) }
        if case .error(let message) = span.status { fields["status"] = ["code": 2, "message": .string(message)] }
        return .object(fields)
    }

    static func attribute(_ key: String, _ value: SpanAttribute) -> JSONValue {
        let typed: JSONValue = switch value {
        case .string(let text): ["stringValue": .string(text)]
        case .int(let number): ["intValue": .string(String(number))]
        case .bool(let flag): ["boolValue": .bool(flag)]
        }
        return ["key": .string(key), "value": typed]
    }
}
