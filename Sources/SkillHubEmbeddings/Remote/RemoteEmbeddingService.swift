internal import Foundation
internal import SkillHubCore

/// What the remote providers share: sending a JSON request through the transport, mapping failures to
/// ``EmbeddingError``, reading the JSON answer.
struct RemoteEmbeddingService: Sendable {
    /// The service's name in messages ("OpenAI", "Ollama", …).
    let name: String
    let transport: any EmbeddingHTTPTransport
    let timeout: Duration

    /// POSTs `body` as JSON and returns the parsed answer of a 2xx status.
    func post(_ url: String, headers: [String: String] = [:], json body: JSONValue) async throws -> JSONValue {
        var headers = headers
        headers["Content-Type"] = headers["Content-Type"] ?? "application/json"
        headers["Accept"] = "application/json"
        let answer = try await send("POST", url, headers: headers, body: body.serialized())
        do {
            return try JSONValue(parsing: answer)
        } catch {
            throw EmbeddingError.badAnswer("\(name) answered something that is not JSON (\(error)): \(Self.excerpt(answer))")
        }
    }

    /// Sends a request and returns the body of a 2xx answer; anything else becomes an ``EmbeddingError``.
    func send(_ method: String, _ url: String, headers: [String: String], body: [UInt8]?) async throws -> [UInt8] {
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try await transport.send(method: method, url: url, headers: headers, body: body, timeout: timeout)
        } catch let error as EmbeddingError {
            throw Self.prefixed(error, with: name)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw EmbeddingError.unavailable("\(name) cannot be reached: \(error)")
        }
        guard (200..<300).contains(answer.status) else {
            throw statusError(answer.status, body: answer.body)
        }
        return answer.body
    }

    /// A non-2xx answer: refused input (400, 413, 422) or unavailable, with the service's own message.
    func statusError(_ status: Int, body: [UInt8]) -> EmbeddingError {
        let reason = Self.message(in: body)
        switch status {
        case 400, 413, 422:
            return .invalidInput("\(name) refused the input (\(status)): \(reason)")
        case 408:
            return .timeout("\(name) answered 408: \(reason)")
        case 401, 403:
            return .unavailable("\(name) refused the credentials (\(status)): \(reason)")
        case 404:
            return .unavailable("\(name) answered 404 (model or URL not found): \(reason)")
        case 429:
            return .unavailable("\(name) is rate limiting (429): \(reason)")
        default:
            return .unavailable("\(name) answered \(status): \(reason)")
        }
    }

    /// The error message of an error answer: `error.message` (OpenAI, Gemini, Ark), `error` (Ollama), `message`, or the text.
    static func message(in body: [UInt8]) -> String {
        if let value = try? JSONValue(parsing: body) {
            if let message = value["error"]?["message"]?.stringValue { return message }
            if let message = value["error"]?.stringValue { return message }
            if let message = value["message"]?.stringValue ?? value["msg"]?.stringValue ?? value["detail"]?.stringValue { return message }
        }
        return body.isEmpty ? "(empty body)" : excerpt(body)
    }

    /// At most 200 bytes of `body` as text.
    static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return body.count > 200 ? text + "…" : text
    }

    private static func prefixed(_ error: EmbeddingError, with name: String) -> EmbeddingError {
        switch error {
        case .invalidInput(let reason): .invalidInput("\(name): \(reason)")
        case .unavailable(let reason): .unavailable("\(name): \(reason)")
        case .badAnswer(let reason): .badAnswer("\(name): \(reason)")
        case .timeout(let reason): .timeout("\(name): \(reason)")
        }
    }
}

extension JSONValue {
    /// An array of numbers as floats, or (OpenAI's `encoding_format: base64`) base64 of little-endian float32s.
    var floatVector: [Float]? {
        switch self {
        case .array(let items):
            var vector: [Float] = []
            vector.reserveCapacity(items.count)
            for item in items {
                guard case .number(let number) = item else { return nil }
                vector.append(Float(number))
            }
            return vector
        case .string(let base64):
            guard let data = Data(base64Encoded: base64), data.count % 4 == 0 else { return nil }
            return stride(from: 0, to: data.count, by: 4).map { offset in
                var bits: UInt32 = 0
                for byte in (0..<4).reversed() { bits = bits << 8 | UInt32(data[data.startIndex + offset + byte]) }
                return Float(bitPattern: bits)
            }
        default:
            return nil
        }
    }
}
