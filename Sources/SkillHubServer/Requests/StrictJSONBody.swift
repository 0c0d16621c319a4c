import Foundation
import Hummingbird
import SkillHubCore

/// Decodes a JSON object body, refusing unknown keys and reporting every
/// problem as a field error (code 1001) instead of a bare decoding failure.
enum StrictJSONBody {
    static func decode<Body: Decodable>(
        _ type: Body.Type,
        allowedKeys: Set<String>,
        nestedKeys: [String: Set<String>] = [:],
        from request: Request,
        context: SkillHubRequestContext
    ) async throws -> Body {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try decode(type, allowedKeys: allowedKeys, nestedKeys: nestedKeys, from: Data(buffer: buffer))
    }

    /// Like ``decode(_:allowedKeys:nestedKeys:from:context:)``, but an empty body is nil.
    static func decodeIfPresent<Body: Decodable>(
        _ type: Body.Type,
        allowedKeys: Set<String>,
        from request: Request,
        context: SkillHubRequestContext
    ) async throws -> Body? {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytesView.contains(where: { !$0.isWhitespaceByte }) else { return nil }
        return try decode(type, allowedKeys: allowedKeys, from: Data(buffer: buffer))
    }

    static func decode<Body: Decodable>(
        _ type: Body.Type,
        allowedKeys: Set<String>,
        nestedKeys: [String: Set<String>] = [:],
        from data: Data
    ) throws -> Body {
        // The key check reads the body with JSONSerialization: one fast pass, no Codable.
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw SkillHubError(.invalidParameter, "malformed request: the body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw SkillHubError(.invalidParameter, "the body must be a JSON object")
        }
        var unknown = object.keys.filter { !allowedKeys.contains($0) }.sorted()
        for (key, allowed) in nestedKeys.sorted(by: { $0.key < $1.key }) {
            unknown += unknownKeys(in: object[key], allowed: allowed, path: key)
        }
        if !unknown.isEmpty {
            throw SkillHubError.invalidFields(unknown.map { FieldError(field: $0, message: "unknown field") })
        }
        do {
            let decoder = JSONDecoder()
            decoder.userInfo[.parsedJSON] = ParsedJSON(object)
            return try decoder.decode(Body.self, from: data)
        } catch let error as DecodingError {
            throw SkillHubError.invalidFields([fieldError(for: error)])
        }
    }

    /// Unknown keys of a nested object, or of each object in a nested array, as field paths.
    private static func unknownKeys(in value: Any?, allowed: Set<String>, path: String) -> [String] {
        if let object = value as? [String: Any] {
            return object.keys.filter { !allowed.contains($0) }.sorted().map { "\(path).\($0)" }
        }
        if let items = value as? [Any] {
            return items.enumerated().flatMap { unknownKeys(in: $1, allowed: allowed, path: "\(path)[\($0)]") }
        }
        return []
    }

    private static func fieldError(for error: DecodingError) -> FieldError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce(into: "") { path, key in
                if let index = key.intValue {
                    path += "[\(index)]"
                } else {
                    path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(field: path(context.codingPath + [key]), message: "is required")
        case .typeMismatch(let type, let context):
            return FieldError(field: path(context.codingPath), message: "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return FieldError(field: path(context.codingPath), message: "must be \(describe(type)), not null")
        case .dataCorrupted(let context):
            return FieldError(field: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return FieldError(field: "", message: "invalid")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "of type \(type)"
        }
    }
}

extension UInt8 {
    fileprivate var isWhitespaceByte: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
