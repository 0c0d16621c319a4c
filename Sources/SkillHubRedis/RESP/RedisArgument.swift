/// One argument of a Redis command: binary-safe bytes.
public struct RedisArgument: Sendable, Hashable {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }
    public init(_ number: Int) { self.bytes = Array(String(number).utf8) }
    public init(_ number: Double) { self.bytes = Array(Self.format(number).utf8) }

    private static func format(_ number: Double) -> String {
        if number == .infinity { return "+inf" }
        if number == -.infinity { return "-inf" }
        return String(number)
    }
}

extension RedisArgument: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self.init(value) }
    public init(integerLiteral value: Int) { self.init(value) }
}

/// A command to send: its name and arguments.
public struct RedisCommand: Sendable, Hashable {
    public var name: String
    public var arguments: [RedisArgument]

    public init(_ name: String, _ arguments: [RedisArgument] = []) {
        self.name = name
        self.arguments = arguments
    }
}
