/// Why a recognition failed. `kind` tells the caller's status; `message` says what to fix.
public struct OCRError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The request or its image is at fault (SkillKit's `invalidInput`).
        case invalidInput
        /// A provider or dependency is out of reach; worth retrying.
        case unavailable
        /// The skill is misconfigured or broke.
        case `internal`
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func invalid(_ message: String) -> OCRError { OCRError(.invalidInput, message) }
}

extension OCRError.Kind {
    /// How a provider's HTTP status reads: refused credentials are a configuration fault, other 4xx the request's, the rest worth retrying.
    static func forProviderStatus(_ status: Int) -> OCRError.Kind {
        switch status {
        case 401, 403: .internal
        case 400..<500: .invalidInput
        default: .unavailable
        }
    }
}
