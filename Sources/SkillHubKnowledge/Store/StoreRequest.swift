import SkillHubCore

/// The fields of one document-store request (`{"op", …}`), read with errors that name the field.
struct StoreRequest {
    let fields: [String: JSONValue]

    init(_ value: JSONValue) throws {
        guard let fields = value.objectValue else {
            throw SkillHubError(.invalidParameter, "a store request is a JSON object with an 'op'")
        }
        self.fields = fields
    }

    var operation: String? { fields["op"]?.stringValue }

    func string(_ name: String) throws -> String? {
        guard let value = fields[name], value != .null else { return nil }
        guard let text = value.stringValue else { throw invalid(name, "must be a string") }
        return text
    }

    func requiredString(_ name: String) throws -> String {
        guard let text = try string(name), !text.isEmpty else { throw invalid(name, "is required") }
        return text
    }

    func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let value = fields[name], value != .null else { return defaultValue }
        guard let number = value.intValue, range.contains(number) else {
            throw invalid(name, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = fields[name], value != .null else { return nil }
        guard let number = value.doubleValue, range.contains(number) else {
            throw invalid(name, "must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func object(_ name: String) throws -> JSONValue? {
        guard let value = fields[name], value != .null else { return nil }
        guard value.objectValue != nil else { throw invalid(name, "must be an object") }
        return value
    }

    func strings(_ name: String) throws -> [String]? {
        guard let value = fields[name], value != .null else { return nil }
        guard let items = value.arrayValue else { throw invalid(name, "must be an array of strings") }
        return try items.map { item in
            guard let text = item.stringValue else { throw invalid(name, "must be an array of strings") }
            return text
        }
    }

    func choice(_ name: String, from allowed: [String], default defaultValue: String) throws -> String {
        guard let text = try string(name) else { return defaultValue }
        guard allowed.contains(text) else { throw invalid(name, "must be one of \(allowed.joined(separator: ", "))") }
        return text
    }

    func invalid(_ name: String, _ problem: String) -> SkillHubError {
        SkillHubError(.invalidParameter, "\(name) \(problem)")
    }
}
