import Foundation

/// One way in which an instance fails a ``JSONSchema``.
public struct JSONSchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance: the root name, then `.name` for an object member and `[2]` for an
    /// array element, e.g. `input.items[2].name`. A member whose name is not a plain identifier
    /// appears as `["odd key"]`.
    public var path: String
    /// What is wrong, in plain English, e.g. "must be a string" or "is required".
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A schema document that cannot be compiled into a ``JSONSchema``.
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A JSON Pointer, as a URI fragment, to the offending part of the schema, e.g. `#/properties/age/minimum`.
    public var location: String
    /// What is wrong with it, e.g. "`minimum` must be a number".
    public var message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "invalid JSON schema at \(location): \(message)" }
    public var errorDescription: String? { description }
}
