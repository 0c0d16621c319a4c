import HTTPTypes
import Hummingbird
import SkillHubCore

/// A server span per request (installed only when tracing is on). A valid incoming `traceparent`
/// continues its trace; an invalid one is ignored and the request starts a new trace. The request's
/// `traceparent` (and `tracestate`) is then replaced by the server span's own, so every route that
/// passes the caller's trace headers on (``TraceHeaders``) hands the dispatcher this span as the
/// parent, whether it answers at once or streams. The span ends when the response body has been
/// written; it is named `{method} {route}` and carries the HTTP semantic-convention attributes.
struct TracingMiddleware: RouterMiddleware {
    typealias Context = SkillHubRequestContext

    let tracer: SpanTracer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let incoming = request.headers[.traceparent].flatMap { TraceContext(traceparent: $0, tracestate: request.headers[.tracestate]) }
        let span = tracer.startSpan(request.method.rawValue, kind: .server, parent: incoming)
        var head = request.head
        head.headerFields[.traceparent] = span.context.traceparent
        head.headerFields[.tracestate] = span.context.traceState
        let request = Request(head: head, body: request.body)
        var context = context
        context.logger[metadataKey: "trace_id"] = "\(span.context.traceID.hexText)"
        if span.isRecording {
            span.set("http.request.method", .string(request.method.rawValue))
            span.set("url.path", .string(request.uri.path))
            if let host = request.head.authority { span.set("server.address", .string(host)) }
            if let agent = request.headers[.userAgent] { span.set("user_agent.original", .string(agent)) }
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            span.fail("\(error)")
            span.end()
            throw error
        }
        if span.isRecording {
            if let route = context.endpointPath {
                span.rename("\(request.method.rawValue) \(route)")
                span.set("http.route", .string(route))
            }
            span.set("http.response.status_code", .int(Int(response.status.code)))
            if response.status.code >= 500 { span.fail("HTTP \(response.status.code)") }
        }
        var traced = response
        let body = response.body
        traced.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { span.end() }
            try await body.write(writer)
        }
        return traced
    }
}
