/// A connection URL that does not have the expected form.
public struct URLFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var expectedForm: String

    public var description: String { "\(reason); expected \(expectedForm)" }
}
