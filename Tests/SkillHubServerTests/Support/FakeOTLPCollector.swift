import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import SkillHubCore

/// An OTLP/HTTP collector on a loopback port: keeps every span POSTed to `/v1/traces` (JSON) with
/// the headers of its export.
final class FakeOTLPCollector: Sendable {
    /// One span as exported, with the fields the tests look at.
    struct ExportedSpan: Sendable {
        var traceID: String
        var spanID: String
        var parentSpanID: String?
        var name: String
        var kind: Int
        var attributes: [String: JSONValue]
        var failed: Bool
        var serviceName: String?
        /// The headers of the export that carried it.
        var exportHeaders: HTTPFields
    }

    let port: Int
    private let task: Task<Void, any Error>
    private let received: NIOLockedValueBox<[ExportedSpan]>
    private let posts: NIOLockedValueBox<Int>

    /// The OTLP base URL (what `OTEL_EXPORTER_OTLP_ENDPOINT` names).
    var endpoint: String { "http://127.0.0.1:\(port)" }
    /// Every span received so far.
    var spans: [ExportedSpan] { received.withLockedValue { $0 } }
    /// How many exports arrived.
    var exports: Int { posts.withLockedValue { $0 } }

    private init(port: Int, task: Task<Void, any Error>, received: NIOLockedValueBox<[ExportedSpan]>, posts: NIOLockedValueBox<Int>) {
        self.port = port
        self.task = task
        self.received = received
        self.posts = posts
    }

    static func start() async -> FakeOTLPCollector {
        let received = NIOLockedValueBox<[ExportedSpan]>([])
        let posts = NIOLockedValueBox(0)
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 16 << 20)
            guard request.headers[.contentType] == "application/json", let export = try? JSONValue(parsing: Array(buffer: body)) else {
                return Response(status: .badRequest)
            }
            posts.withLockedValue { $0 += 1 }
            var spans: [ExportedSpan] = []
            for resourceSpans in export["resourceSpans"]?.arrayValue ?? [] {
                let service = resourceSpans["resource"]?["attributes"]?.arrayValue?
                    .first { $0["key"] == "service.name" }?["value"]?["stringValue"]?.stringValue
                for scopeSpans in resourceSpans["scopeSpans"]?.arrayValue ?? [] {
                    for span in scopeSpans["spans"]?.arrayValue ?? [] {
                        var attributes: [String: JSONValue] = [:]
                        for attribute in span["attributes"]?.arrayValue ?? [] {
                            if let key = attribute["key"]?.stringValue, case .object(let value)? = attribute["value"], let first = value.first {
                                attributes[key] = first.value
                            }
                        }
                        spans.append(ExportedSpan(
                            traceID: span["traceId"]?.stringValue ?? "", spanID: span["spanId"]?.stringValue ?? "",
                            parentSpanID: span["parentSpanId"]?.stringValue, name: span["name"]?.stringValue ?? "",
                            kind: span["kind"]?.intValue ?? 0, attributes: attributes, failed: span["status"]?["code"] == 2,
                            serviceName: service, exportHeaders: request.headers
                        ))
                    }
                }
            }
            received.withLockedValue { $0 += spans }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        let loopback = await LoopbackServer.start(router, label: "fake-otlp-collector")
        return FakeOTLPCollector(port: loopback.port, task: loopback.task, received: received, posts: posts)
    }

    /// The spans of `traceID`, once `count` of them have arrived (or whatever arrived within 10 s).
    func spans(ofTrace traceID: String, count: Int) async throws -> [ExportedSpan] {
        _ = try await eventually(within: .seconds(10)) { spans.filter { $0.traceID == traceID }.count >= count }
        return spans.filter { $0.traceID == traceID }
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// A remote skill endpoint (`POST /skill`, docs/remote-skills.md) that keeps the `traceparent` of each call.
final class TracedSkillEndpoint: Sendable {
    let port: Int
    private let task: Task<Void, any Error>
    private let seen: NIOLockedValueBox<[String?]>

    var url: String { "http://127.0.0.1:\(port)/skill" }
    /// The `traceparent` header of each call, in order (nil: the call had none).
    var traceparents: [String?] { seen.withLockedValue { $0 } }

    private init(port: Int, task: Task<Void, any Error>, seen: NIOLockedValueBox<[String?]>) {
        self.port = port
        self.task = task
        self.seen = seen
    }

    static func start() async -> TracedSkillEndpoint {
        let seen = NIOLockedValueBox<[String?]>([])
        let router = Router()
        router.post("/skill") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 1 << 20)
            seen.withLockedValue { $0.append(request.headers[HTTPField.Name("traceparent")!]) }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"output": {"traced": true}}"#)))
        }
        let loopback = await LoopbackServer.start(router, label: "traced-skill")
        return TracedSkillEndpoint(port: loopback.port, task: loopback.task, seen: seen)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
