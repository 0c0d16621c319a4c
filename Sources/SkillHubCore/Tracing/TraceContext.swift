/// A W3C Trace Context (<https://www.w3.org/TR/trace-context/>): the trace a call belongs to and
/// the span it continues, read from and written as the `traceparent` and `tracestate` headers.
///
/// Parsing is strict, as the recommendation asks of a receiver: lowercase hexadecimal only, the
/// version `ff` refused, version `00` exactly 55 characters, a later version at least 55 with a
/// `-` after them (its extra fields ignored), and neither id all zeros. A `traceparent` that fails
/// any of these is ignored (the caller starts a new trace), and so is its `tracestate`.
public struct TraceContext: Sendable, Hashable {
    /// The 16-byte trace id, as two big-endian halves.
    public var traceID: TraceID
    /// The 8-byte id of the span this context names (the parent of the next span).
    public var spanID: UInt64
    /// The trace flags; bit 0 is `sampled`.
    public var flags: UInt8
    /// The vendor entries (`tracestate`), passed on as they came: at most 512 characters.
    public var traceState: String?

    /// A 16-byte trace id.
    public struct TraceID: Sendable, Hashable {
        public var high: UInt64
        public var low: UInt64

        public init(high: UInt64, low: UInt64) {
            self.high = high
            self.low = low
        }

        /// A random id (never all zeros).
        public static func random() -> TraceID {
            var generator = SystemRandomNumberGenerator()
            while true {
                let id = TraceID(high: generator.next(), low: generator.next())
                if id.high != 0 || id.low != 0 { return id }
            }
        }

        /// The id as 32 lowercase hexadecimal digits.
        public var hexText: String {
            var text: [UInt8] = []
            text.reserveCapacity(32)
            text.appendLowercaseHex(of: high)
            text.appendLowercaseHex(of: low)
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// The longest `tracestate` passed on (the recommendation's 32 members fit in 512 characters).
    public static let maximumTraceStateLength = 512

    public init(traceID: TraceID, spanID: UInt64, flags: UInt8, traceState: String? = nil) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
        self.traceState = traceState
    }

    /// Whether the caller sampled the trace (`flags` bit 0).
    public var isSampled: Bool { flags & 1 == 1 }

    /// The context of a new span of the same trace: a new random span id, the same flags and `tracestate`.
    public func child(spanID: UInt64 = TraceContext.randomSpanID()) -> TraceContext {
        TraceContext(traceID: traceID, spanID: spanID, flags: flags, traceState: traceState)
    }

    /// A random span id (never zero).
    public static func randomSpanID() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        while true {
            let id: UInt64 = generator.next()
            if id != 0 { return id }
        }
    }

    /// `00-{trace id}-{span id}-{flags}`, the `traceparent` header this context sends.
    public var traceparent: String {
        var text: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "0"), UInt8(ascii: "-")]
        text.reserveCapacity(55)
        text.appendLowercaseHex(of: traceID.high)
        text.appendLowercaseHex(of: traceID.low)
        text.append(UInt8(ascii: "-"))
        text.appendLowercaseHex(of: spanID)
        text.append(UInt8(ascii: "-"))
        text.appendLowercaseHex(of: flags)
        return String(decoding: text, as: UTF8.self)
    }

    /// The span id as 16 lowercase hexadecimal digits.
    public static func hexText(ofSpanID spanID: UInt64) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(16)
        text.appendLowercaseHex(of: spanID)
        return String(decoding: text, as: UTF8.self)
    }

    /// The context a `traceparent` header (and its `tracestate`) names; nil when the header is not
    /// valid. A `tracestate` longer than ``maximumTraceStateLength``, empty, or holding a control
    /// character is dropped; the `traceparent` still counts.
    public init?(traceparent: some StringProtocol, tracestate: (some StringProtocol)? = String?.none) {
        let bytes = Array(traceparent.utf8)
        guard bytes.count >= 55, bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"), bytes[52] == UInt8(ascii: "-"),
              let version = Self.hexValue(bytes[0..<2]), version != 0xFF,
              version == 0 ? bytes.count == 55 : (bytes.count == 55 || bytes[55] == UInt8(ascii: "-")),
              let high = Self.hexValue(bytes[3..<19]), let low = Self.hexValue(bytes[19..<35]), high != 0 || low != 0,
              let spanID = Self.hexValue(bytes[36..<52]), spanID != 0,
              let flags = Self.hexValue(bytes[53..<55])
        else { return nil }
        var state: String?
        if let tracestate {
            let trimmed = tracestate.utf8.count <= Self.maximumTraceStateLength ? String(tracestate) : ""
            if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { state = trimmed }
        }
        // Version 00 defines only the sampled bit; a later version's flags are kept as they came.
        self.init(traceID: TraceID(high: high, low: low), spanID: spanID, flags: UInt8(flags), traceState: state)
    }

    /// The value of lowercase hexadecimal digits (at most 16), nil for anything else.
    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt64(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt64(digit - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return value
    }
}
