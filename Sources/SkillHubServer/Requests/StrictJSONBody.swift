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
        return try decode(type, allowedKeys: allowedKeys, nestedKeys: nestedKeys, from: buffer)
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
        return try decode(type, allowedKeys: allowedKeys, from: buffer)
    }

    /// A JSON object body as its members, without a fixed shape (an empty body has none):
    /// for routes that pass the fields on to a skill, whose schema checks them.
    static func members(of request: Request, context: SkillHubRequestContext) async throws -> [String: JSONValue] {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytesView.contains(where: { !$0.isWhitespaceByte }) else { return [:] }
        let parsed: JSONValue
        do {
            parsed = try buffer.withUnsafeReadableBytes { try JSONValue(parsing: $0) }
        } catch {
            throw SkillHubError.invalidField("body", "is not valid JSON: \(error)", message: "the body is not valid JSON: \(error)")
        }
        guard let members = parsed.objectValue else { throw notAnObject }
        return members
    }

    /// A body that is JSON but not an object.
    private static var notAnObject: SkillHubError {
        SkillHubError.invalidField("body", "must be a JSON object", message: "the body must be a JSON object")
    }

    /// The body parsed once into a ``JSONValue`` tree, its keys checked on the
    /// tree, then decoded from the tree (no Foundation JSON on the way).
    static func decode<Body: Decodable>(
        _ type: Body.Type,
        allowedKeys: Set<String>,
        nestedKeys: [String: Set<String>] = [:],
        from buffer: ByteBuffer
    ) throws -> Body {
        let parsed: JSONValue
        do {
            parsed = try buffer.withUnsafeReadableBytes { try JSONValue(parsing: $0) }
        } catch {
            throw SkillHubError.invalidField("body", "is not valid JSON (\(error))", message: "malformed request: the body is not valid JSON (\(error))")
        }
        guard case .object(let object) = parsed else {
            throw notAnObject
        }
        var unknown = object.keys.filter { !allowedKeys.contains($0) }.sorted()
        for (key, allowed) in nestedKeys.sorted(by: { $0.key < $1.key }) {
            unknown += unknownKeys(in: object[key], allowed: allowed, path: key)
        }
        if !unknown.isEmpty {
            throw SkillHubError.invalidFields(unknown.map { FieldError(field: $0, message: "unknown field") })
        }
        do {
            return try JSONValueDecoder().decode(Body.self, from: parsed)
        } catch let error as DecodingError {
            throw SkillHubError.invalidFields([fieldError(for: error)])
        }
    }

    /// Unknown keys of a nested object, or of each object in a nested array, as field paths.
    private static func unknownKeys(in value: JSONValue?, allowed: Set<String>, path: String) -> [String] {
        switch value {
        case .object(let object)?:
            return object.keys.filter { !allowed.contains($0) }.sorted().map { "\(path).\($0)" }
        case .array(let items)?:
            return items.enumerated().flatMap { unknownKeys(in: $1, allowed: allowed, path: "\(path)[\($0)]") }
        default:
            return []
        }
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
