/// Every problem found in the configuration, one line each.
///
/// Start-up prints ``description`` and exits: each line names the variable
/// and the form it expects.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var variable: String
        public var message: String

        public var description: String { "\(variable): \(message)" }
    }

    public var problems: [Problem]

    public var description: String {
        problems.map { "configuration error: \($0)" }.joined(separator: "\n")
    }
}
