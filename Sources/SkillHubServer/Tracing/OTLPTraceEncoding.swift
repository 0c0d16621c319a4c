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
        out.appendJSONString(version)
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
        out.appendLowercaseHex(of: span.context.traceID.high)
        out.appendLowercaseHex(of: span.context.traceID.low)
        out += #"","spanId":""#.utf8
        out.appendLowercaseHex(of: span.context.spanID)
        if let parent = span.parentSpanID {
            out += #"","parentSpanId":""#.utf8
            out.appendLowercaseHex(of: parent)
        }
        out += #"","name":"#.utf8
        out.appendJSONString(span.name)
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
            out.appendJSONString(state)
        }
        if case .error(let message) = span.status {
            out += #","status":{"code":2,"message":"#.utf8
            out.appendJSONString(message)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
    }

    static func appendAttribute(_ key: String, _ value: SpanAttribute, to out: inout [UInt8]) {
        out += #"{"key":"#.utf8
        out.appendJSONString(key)
        switch value {
        case .string(let text):
            out += #","value":{"stringValue":"#.utf8
            out.appendJSONString(text)
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
}
