import Foundation
import Hummingbird
import SkillHubCore

/// Decodes a JSON object body, refusing unknown keys and reporting every
/// problem as a field error (code 1001) instead of a bare decoding failure.
enum StrictJSONBody {
    static func decode<Body: Decodable>(
        _ type: Body.Type,
        allowedKeys: Set<String>,
        from request: Request,
        context: SkillHubRequestContext
    ) async throws -> Body {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let data = Data(buffer: buffer)
        let object: [String: JSONValue]
        do {
            guard case .object(let value) = try JSONDecoder().decode(JSONValue.self, from: data) else {
                throw SkillHubError(.invalidParameter, "the body must be a JSON object")
            }
            object = value
        } catch let error as SkillHubError {
            throw error
        } catch {
            throw SkillHubError(.invalidParameter, "malformed request: the body is not valid JSON")
        }
        let unknown = object.keys.filter { !allowedKeys.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw SkillHubError.invalidFields(unknown.map { FieldError(field: $0, message: "unknown field") })
        }
        do {
            return try JSONDecoder().decode(Body.self, from: data)
        } catch let error as DecodingError {
            throw SkillHubError.invalidFields([fieldError(for: error)])
        }
    }

    private static func fieldError(for error: DecodingError) -> FieldError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
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
