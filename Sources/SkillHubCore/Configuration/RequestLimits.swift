/// Bounds on what one request may carry, beyond the body size (`SKILLHUB_MAX_BODY_BYTES`):
/// its headers (`SKILLHUB_MAX_HEADER_BYTES`) and the nesting of its JSON body (`SKILLHUB_MAX_JSON_DEPTH`).
public struct RequestLimits: Sendable, Equatable {
    /// The most bytes of request headers, names and values together (16 KiB by default; the HTTP
    /// parser itself refuses more than 80 KiB before SkillHub sees the request).
    public var maxHeaderBytes: Int
    /// The deepest nesting of arrays and objects a JSON body may have (64 by default).
    public var maxJSONDepth: Int

    public static let defaultMaxHeaderBytes = 16 << 10
    public static let defaultMaxJSONDepth = 64

    public init(maxHeaderBytes: Int = RequestLimits.defaultMaxHeaderBytes, maxJSONDepth: Int = RequestLimits.defaultMaxJSONDepth) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxJSONDepth = maxJSONDepth
    }

    /// Reads `SKILLHUB_MAX_HEADER_BYTES` (1 KiB to 64 KiB) and `SKILLHUB_MAX_JSON_DEPTH` (2 to 512).
    static func read(_ reader: inout EnvironmentReader) -> RequestLimits {
        RequestLimits(
            maxHeaderBytes: reader.integer("SKILLHUB_MAX_HEADER_BYTES", default: defaultMaxHeaderBytes, in: 1024...(64 << 10)),
            maxJSONDepth: reader.integer("SKILLHUB_MAX_JSON_DEPTH", default: defaultMaxJSONDepth, in: 2...512)
        )
    }
}
