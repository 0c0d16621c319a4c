/// The bytes libFuzzer hands a target, with the views the targets need.
public struct FuzzInput {
    /// The input, copied (libFuzzer's buffer is only valid during the call).
    public let bytes: [UInt8]

    /// Wraps libFuzzer's `(data, size)` pair.
    public init(_ start: UnsafeRawPointer?, _ count: Int) {
        guard let start, count > 0 else {
            bytes = []
            return
        }
        bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// The input as text, invalid UTF-8 replaced (the parsers that take a `String` never see invalid UTF-8).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The input cut at its first NUL byte: two inputs in one (a schema and an instance, say);
    /// the second is empty when there is no NUL.
    public var halves: (first: ArraySlice<UInt8>, second: ArraySlice<UInt8>) {
        guard let cut = bytes.firstIndex(of: 0) else { return (bytes[...], []) }
        return (bytes[..<cut], bytes[(cut + 1)...])
    }

    /// The first byte, as a choice among options (0 for an empty input), and the rest.
    public var selector: (choice: UInt8, rest: ArraySlice<UInt8>) {
        guard let first = bytes.first else { return (0, []) }
        return (first, bytes.dropFirst())
    }
}

/// Stops the run with `message` when an invariant of the code under test does not hold:
/// libFuzzer records the input that broke it as a crash.
public func fuzzInvariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}
