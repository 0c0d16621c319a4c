extension JSONValue {
    /// The value as compact JSON text, written directly (Codable's encoder is
    /// many times slower for large values). Integral numbers are written
    /// without a fraction; numbers JSON cannot hold (NaN, infinities) as null.
    /// Object members come in any order.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(to: &output)
        return output
    }

    /// An object of `members` in the order given (their values written as
    /// they are, nested keys unsorted): for answers whose shape is fixed.
    public static func serializedObject(_ members: KeyValuePairs<String, JSONValue>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(members: members, to: &output)
        return output
    }

    /// An object of `members` in the order given, for objects built at run time whose first
    /// members should come first (a log line's time and level).
    public static func serializedObject(_ members: [(key: String, value: JSONValue)]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(members: members, to: &output)
        return output
    }

    private func write(to output: inout [UInt8]) {
        switch self {
        case .null:
            output += Array("null".utf8)
        case .bool(let value):
            output += Array((value ? "true" : "false").utf8)
        case .number(let value):
            output += Array(Self.text(of: value).utf8)
        case .string(let value):
            JSONTextWriter.write(string: value, to: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            Self.write(members: members, to: &output)
        }
    }

    /// An object of `members`, in their order.
    private static func write(members: some Sequence<(key: String, value: JSONValue)>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONTextWriter.write(string: key, to: &output)
            output.append(UInt8(ascii: ":"))
            value.write(to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    private static func text(of number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}

extension [UInt8] {
    /// Appends `text` as a JSON string literal, escaped as ``JSONValue/serialized()`` escapes strings:
    /// for encoders that write a fixed shape straight to bytes.
    public mutating func appendJSONString(_ text: String) {
        JSONTextWriter.write(string: text, to: &self)
    }
}
