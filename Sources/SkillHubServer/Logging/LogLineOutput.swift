import Foundation
import NIOConcurrencyHelpers

/// Where formatted log lines go: standard error, or the rotated file of `LOG_DIR`.
public enum LogLineOutput: Sendable {
    case standardError
    case file(RotatingLogFile)

    /// Serializes writes to standard error so that lines never interleave.
    private static let standardErrorLock = NIOLock()

    func write(_ line: String) {
        switch self {
        case .standardError:
            Self.standardErrorLock.withLock { FileHandle.standardError.write(Data(line.utf8)) }
        case .file(let file):
            file.write(line)
        }
    }
}
