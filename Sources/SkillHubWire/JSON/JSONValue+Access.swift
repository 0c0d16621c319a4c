extension JSONValue {
    /// The member `key` of an object; nil for other values.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    /// The element at `index` of an array; nil for other values or out of range.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { items[index] } else { nil }
    }

    public var stringValue: String? {
        if case .string(let text) = self { text } else { nil }
    }

    /// A number that is a whole integer.
    public var intValue: Int? {
        if case .number(let number) = self { Int(exactly: number) } else { nil }
    }

    public var doubleValue: Double? {
        if case .number(let number) = self { number } else { nil }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { items } else { nil }
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { members } else { nil }
    }

    /// This object with `fields` set, replacing members of the same name (other values are
    /// returned as they are).
    public func merging(_ fields: [String: JSONValue]) -> JSONValue {
        guard var object = objectValue else { return self }
        object.merge(fields) { $1 }
        return .object(object)
    }
}
