/// Splits bytes split anywhere into lines (NDJSON): `\n` ends a line, a `\r` before it is dropped, blank lines are
/// skipped.
public struct LineSplitter: Sendable {
    private var line: [UInt8] = []

    public init() {}

    /// The lines completed by `bytes`.
    public mutating func feed(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                take(into: &lines)
            } else {
                line.append(byte)
            }
        }
        return lines
    }

    /// The last line, when the stream ends without a line feed.
    public mutating func finish() -> [[UInt8]] {
        var lines: [[UInt8]] = []
        take(into: &lines)
        return lines
    }

    private mutating func take(into lines: inout [[UInt8]]) {
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) { lines.append(line) }
        line.removeAll(keepingCapacity: true)
    }
}
