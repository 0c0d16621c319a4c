import SkillHubCore
import SkillHubStorage

extension Dispatcher {
    /// The span of one dispatched call (`dispatch {skill}`): the skill, its version, the capability;
    /// when it ends, the endpoint that answered and the attempts made. A child of the caller's span.
    func startDispatchSpan(_ tracer: SpanTracer, _ target: Target, _ request: Request, parent: TraceContext?) -> Span {
        let span = tracer.startSpan("dispatch \(target.skill.name)", kind: .internal, parent: parent)
        if span.isRecording {
            span.set("skillhub.skill.name", .string(target.skill.name))
            span.set("skillhub.skill.version", .string(target.skill.version))
            span.set("skillhub.capability", .string(target.capabilityName))
            span.set("skillhub.request_id", .string(request.requestID))
            span.set("skillhub.depth", .int(request.depth))
        }
        return span
    }

    /// The span of one attempt on `endpoint`: for a remote endpoint a client span (`POST`, the HTTP
    /// client attributes; its context is the `traceparent` the endpoint receives), for a plugin
    /// `plugin {name}` (its context is what the plugin's host-service calls continue).
    func startAttemptSpan(_ tracer: SpanTracer, _ endpoint: EndpointRecord, _ target: Target, attempt: Int, parent: Span) -> Span {
        let isPlugin = endpoint.protocol == .plugin
        let name = isPlugin ? "plugin \(EndpointCaller.pluginName(in: endpoint.url))" : "POST"
        let span = tracer.startSpan(name, kind: isPlugin ? .internal : .client, parent: parent.context)
        guard span.isRecording else { return span }
        span.set("skillhub.endpoint.id", .string(endpoint.endpointID.lowercasedString))
        span.set("skillhub.attempt", .int(attempt))
        span.set("skillhub.capability", .string(target.capabilityName))
        if isPlugin {
            span.set("skillhub.plugin.name", .string(EndpointCaller.pluginName(in: endpoint.url)))
        } else {
            span.set("http.request.method", .string("POST"))
            span.set("url.full", .string(endpoint.url))
            if let host = endpoint.protocol.networkHost(of: endpoint.url) { span.set("server.address", .string(host)) }
        }
        return span
    }
}
