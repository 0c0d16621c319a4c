import Foundation
import SkillHubCore

/// The HTTP exchange shared by the remote providers: JSON out, status check, JSON in.
struct RemoteCall: Sendable {
    /// The provider's name, for error messages.
    var provider: String
    var transport: HostHTTPTransport
    /// How long one call to the provider may take.
    static let timeout: Duration = .seconds(30)

    /// `body` encoded as JSON (keys sorted, so requests are reproducible).
    static func encode(_ body: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(body))
    }

    /// Sends `request` and decodes a 2xx answer as `Answer`.
    ///
    /// - Throws: ``RerankError/providerUnreachable(provider:underlying:)`` when the transport fails,
    ///   ``RerankError/providerFailed(provider:message:)`` for a non-2xx status or an answer that does
    ///   not decode; a `CancellationError` passes through.
    func send<Answer: Decodable>(_ request: HostHTTPRequest, expecting: Answer.Type) async throws -> Answer {
        let response: HostHTTPResponse
        do {
            response = try await transport(request)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw RerankError.providerUnreachable(provider: provider, underlying: "\(error)")
        }
        guard (200..<300).contains(response.status) else {
            throw RerankError.providerFailed(provider: provider, message: "HTTP \(response.status): \(Self.reason(response.body))")
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(response.body))
        } catch {
            throw RerankError.providerFailed(provider: provider, message: "unexpected answer: \(Self.reason(response.body))")
        }
    }

    /// Checks that every index is a distinct position among `documentCount` documents.
    func checked(_ scores: [ScoredIndex], documentCount: Int) throws -> [ScoredIndex] {
        var seen = Set<Int>()
        for score in scores {
            guard (0..<documentCount).contains(score.index), seen.insert(score.index).inserted else {
                throw RerankError.providerFailed(provider: provider, message: "answered index \(score.index) for \(documentCount) documents")
            }
            guard score.score.isFinite else {
                throw RerankError.providerFailed(provider: provider, message: "answered a score that is not a number for index \(score.index)")
            }
        }
        return scores
    }

    /// The error text of an answer: its JSON `message`, `error` or `detail`, else its first 200 characters.
    static func reason(_ body: [UInt8]) -> String {
        if let answer = try? JSONValue(parsing: body) {
            for key in ["message", "error", "detail"] {
                if let text = answer[key]?.stringValue ?? answer[key]?["message"]?.stringValue { return text }
            }
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return text.isEmpty ? "(empty body)" : text
    }

    /// `base` with `defaultPath` appended when it has no path of its own.
    ///
    /// - Throws: ``RerankError/invalidConfiguration(_:)`` unless `base` is an http(s) URL with a host.
    static func endpoint(_ base: String, defaultPath: String, key: String) throws -> String {
        guard var components = URLComponents(string: base), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false
        else {
            throw RerankError.invalidConfiguration("\(key) must be an http(s) URL, not \"\(base)\"")
        }
        if components.path.isEmpty || components.path == "/" { components.path = defaultPath }
        return components.string ?? base
    }
}
