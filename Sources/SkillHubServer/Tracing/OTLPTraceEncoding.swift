import SkillHubCore

/// Ended spans as an OTLP/HTTP JSON export request (`ExportTraceServiceRequest` in the protobuf
/// JSON mapping: ids in lowercase hexadecimal, 64-bit integers as strings), written straight to
/// bytes: building a ``JSONValue`` tree per span was a tenth of the server's CPU with tracing on.
enum OTLPTraceEncoding {
    /// The body of one `POST /v1/traces`.
    static func body(of spans: [Span.Record], serviceName: String, version: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + spans.count * 640)
        out += #"{"resourceSpans":[{"resource":{"attributes":["#.utf8
        appendAttribute("service.name", .string(serviceName), to: &out)
        out.append(UInt8(ascii: ","))
        appendAttribute("service.version", .string(version), to: &out)
        out += #"]},"scopeSpans":[{"scope":{"name":"skillhub","version":"#.utf8
        appendString(version, to: &out)
        out += #"},"spans":["#.utf8
        for (index, span) in spans.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendSpan(span, to: &out)
        }
        out += "]}]}]}".utf8
        return out
    }

    static func appendSpan(_ span: Span.Record, to out: inout [UInt8]) {
        out += #"{"traceId":""#.utf8
        out += span.context.traceID.hexText.utf8
        out += #"","spanId":""#.utf8
        out += TraceContext.hexText(ofSpanID: span.context.spanID).utf8
        if let parent = span.parentSpanID {
            out += #"","parentSpanId":""#.utf8
            out += TraceContext.hexText(ofSpanID: parent).utf8
        }
        out += #"","name":"#.utf8
        appendString(span.name, to: &out)
        out += #","kind":"#.utf8
        out += String(span.kind.rawValue).utf8
        out += #","startTimeUnixNano":""#.utf8
        out += String(span.startTime).utf8
        out += #"","endTimeUnixNano":""#.utf8
        out += String(span.endTime).utf8
        out += #"","attributes":["#.utf8
        for (index, attribute) in span.attributes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendAttribute(attribute.key, attribute.value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        if let state = span.context.traceState {
            out += #","traceState":"#.utf8
            appendString(state, to: &out)
        }
        if case .error(let message) = span.status {
            out += #","status":{"code":2,"message":"#.utf8
            appendString(message, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
    }

    static func appendAttribute(_ key: String, _ value: SpanAttribute, to out: inout [UInt8]) {
        out += #"{"key":"#.utf8
        appendString(key, to: &out)
        switch value {
        case .string(let text):
            out += #","value":{"stringValue":"#.utf8
            appendString(text, to: &out)
        case .int(let number):
            out += #","value":{"intValue":""#.utf8
            out += String(number).utf8
            out.append(UInt8(ascii: "\""))
        case .bool(let flag):
            out += #","value":{"boolValue":"#.utf8
            out += (flag ? "true" : "false").utf8
        }
        out += "}}".utf8
    }

    /// `text` as a JSON string, escaped by the shared JSON writer.
    private static func appendString(_ text: String, to out: inout [UInt8]) {
        out += JSONValue.string(text).serialized()
    }
}
