import SkillHubCore

/// The `defer` object of an `invoke_skill` request: the host stores the call and runs it later
/// instead of now. `{"delay_ms"?, "key"?, "serial"?, "max_attempts"?}`; every field is checked
/// when the request is read, and a bad one fails with ``PluginStatus/invalidInput`` naming it.
public struct PluginDeferral: Sendable, Equatable, Codable {
    /// How long to wait before the first attempt (0 to 30 days).
    public var delay: Duration
    /// At most one pending job with this key per account and skill (1–200 characters, counted as
    /// Unicode scalars, as PostgreSQL counts them).
    public var key: String?
    /// Jobs with the same serial key (per account and skill) run one at a time, in creation order.
    public var serial: String?
    /// Attempts before the job fails for good (1–20).
    public var maxAttempts: Int

    /// The longest delay: 30 days.
    public static let maximumDelayMilliseconds = 30 * 24 * 3_600 * 1_000
    public static let maximumKeyLength = 200
    public static let attemptsRange = 1...20
    public static let defaultMaxAttempts = 5

    public init(delay: Duration = .zero, key: String? = nil, serial: String? = nil, maxAttempts: Int = Self.defaultMaxAttempts) {
        self.delay = delay
        self.key = key
        self.serial = serial
        self.maxAttempts = maxAttempts
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case delayMS = "delay_ms", key, serial, maxAttempts = "max_attempts"
    }

    /// Reads and checks the `defer` value of a request.
    /// - Throws: ``PluginCallError`` (invalid input) naming the field at fault.
    public init(json value: JSONValue) throws(PluginCallError) {
        guard let fields = value.objectValue else { throw Self.invalid("defer", "must be an object") }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw Self.invalid("defer.\(unknown)", "is not a field of defer (delay_ms, key, serial, max_attempts)")
        }
        let delay = try Self.integer(fields, .delayMS, in: 0...Self.maximumDelayMilliseconds) ?? 0
        self.init(
            delay: .milliseconds(delay),
            key: try Self.key(fields, .key),
            serial: try Self.key(fields, .serial),
            maxAttempts: try Self.integer(fields, .maxAttempts, in: Self.attemptsRange) ?? Self.defaultMaxAttempts
        )
    }

    public init(from decoder: any Decoder) throws {
        try self.init(json: try JSONValue(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Int64(delay.inMilliseconds.rounded(.up)), forKey: .delayMS)
        try container.encodeIfPresent(key, forKey: .key)
        try container.encodeIfPresent(serial, forKey: .serial)
        try container.encode(maxAttempts, forKey: .maxAttempts)
    }

    private static func integer(_ fields: [String: JSONValue], _ key: CodingKeys, in range: ClosedRange<Int>) throws(PluginCallError) -> Int? {
        guard let value = fields[key.rawValue], value != .null else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw invalid("defer.\(key.rawValue)", "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    private static func key(_ fields: [String: JSONValue], _ key: CodingKeys) throws(PluginCallError) -> String? {
        guard let value = fields[key.rawValue], value != .null else { return nil }
        guard let text = value.stringValue, (1...maximumKeyLength).contains(text.unicodeScalars.count) else {
            throw invalid("defer.\(key.rawValue)", "must be a string of 1 to \(maximumKeyLength) characters")
        }
        return text
    }

    private static func invalid(_ field: String, _ problem: String) -> PluginCallError {
        PluginCallError(status: .invalidInput, message: "\(field) \(problem)")
    }
}
