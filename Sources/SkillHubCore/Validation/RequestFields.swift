/// The fields of a JSON request without a fixed shape (the host services' `{"op", …}`), read
/// with errors that name the field (code 1001).
public struct RequestFields: Sendable {
    public let fields: [String: JSONValue]

    /// - Throws: when `value` is not an object; `what` names the request in the message.
    public init(_ value: JSONValue, what: String = "a request") throws {
        guard let fields = value.objectValue else {
            throw SkillHubError(.invalidParameter, "\(what) is a JSON object")
        }
        self.fields = fields
    }

    /// The `op` field.
    public var operation: String? { fields["op"]?.stringValue }

    public func string(_ name: String) throws -> String? {
        guard let value = fields[name], value != .null else { return nil }
        guard let text = value.stringValue else { throw invalid(name, "must be a string") }
        return text
    }

    public func requiredString(_ name: String) throws -> String {
        guard let text = try string(name), !text.isEmpty else { throw invalid(name, "is required") }
        return text
    }

    public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let value = fields[name], value != .null else { return defaultValue }
        guard let number = value.intValue, range.contains(number) else {
            throw invalid(name, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    public func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = fields[name], value != .null else { return nil }
        guard let number = value.doubleValue, range.contains(number) else {
            throw invalid(name, "must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    public func bool(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let value = fields[name], value != .null else { return defaultValue }
        guard case .bool(let flag) = value else { throw invalid(name, "must be true or false") }
        return flag
    }

    public func object(_ name: String) throws -> JSONValue? {
        guard let value = fields[name], value != .null else { return nil }
        guard value.objectValue != nil else { throw invalid(name, "must be an object") }
        return value
    }

    public func strings(_ name: String) throws -> [String]? {
        guard let value = fields[name], value != .null else { return nil }
        guard let items = value.arrayValue else { throw invalid(name, "must be an array of strings") }
        return try items.map { item in
            guard let text = item.stringValue else { throw invalid(name, "must be an array of strings") }
            return text
        }
    }

    public func choice(_ name: String, from allowed: [String], default defaultValue: String) throws -> String {
        guard let text = try string(name) else { return defaultValue }
        guard allowed.contains(text) else { throw invalid(name, "must be one of \(allowed.joined(separator: ", "))") }
        return text
    }

    public func invalid(_ name: String, _ problem: String) -> SkillHubError {
        SkillHubError.invalidField(name, problem, message: "\(name) \(problem)")
    }
}
