/// Why a ``VectorIndex`` refused a call. Bad input is always reported as one of these, never as a crash.
public enum VectorIndexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The index was created with a dimension count below 1.
    case invalidDimensions(Int)
    /// A vector or query has `actual` components where the index holds vectors of `expected`.
    case dimensionMismatch(expected: Int, actual: Int)
    /// A vector or query has a NaN or infinite component at `index`.
    case nonFiniteComponent(index: Int)
    /// A bulk insert's flattened vector buffer does not hold exactly `ids.count × dimensions` floats.
    case bulkLengthMismatch(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .invalidDimensions(let dimensions):
            "a vector index needs at least 1 dimension, not \(dimensions)"
        case .dimensionMismatch(let expected, let actual):
            "the vector has \(actual) dimensions where the index holds \(expected)"
        case .nonFiniteComponent(let index):
            "the vector's component \(index) is not a finite number"
        case .bulkLengthMismatch(let expected, let actual):
            "the flattened vectors hold \(actual) floats where \(expected) were expected"
        }
    }
}
