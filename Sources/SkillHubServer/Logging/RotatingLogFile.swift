import Foundation
import NIOConcurrencyHelpers

/// `LOG_DIR`'s `skillhub.log`, rotated by size: when a line would take it past the limit it
/// becomes `skillhub.log.1` (the older ones shift up to `.N`, the oldest dropped) and a new file starts.
///
/// Loggers never wait for the disk: ``write(_:)`` queues the line and a thread of its own writes
/// it. Past ``maxQueuedLines`` waiting lines, new ones are dropped and counted, and the count is
/// written when the queue drains. The writer thread lasts as long as the process.
public final class RotatingLogFile: Sendable {
    /// Why the file could not be opened.
    public struct OpenError: Error, CustomStringConvertible {
        public let description: String
    }

    public let path: String
    let maxBytes: Int
    let backups: Int
    static let maxQueuedLines = 10_000

    private struct Queue {
        var lines: [String] = []
        var dropped = 0
        var writing = false
    }

    private struct File {
        var descriptor: Int32
        var size: Int
    }

    /// Every file opened, for ``flushAll()``.
    private static let opened = NIOLockedValueBox<[RotatingLogFile]>([])

    private let queue = NIOLockedValueBox(Queue())
    /// 1 while lines wait; the writer thread sleeps on 0.
    private let signal = ConditionLock(value: 0)
    private let file: NIOLockedValueBox<File>

    /// Opens (creating the folder and file) `path` for appending; throws a readable error.
    public init(path: String, maxBytes: Int, backups: Int) throws(OpenError) {
        self.path = path
        self.maxBytes = maxBytes
        self.backups = backups
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw OpenError(description: "cannot create the log folder \(folder): \(error.localizedDescription)")
            }
        }
        guard let opened = Self.open(path) else {
            throw OpenError(description: "cannot open \(path) for writing: \(String(cString: strerror(errno)))")
        }
        file = NIOLockedValueBox(opened)
        let thread = Thread { [self] in self.run() }
        thread.name = "skillhub-log-writer"
        thread.start()
        Self.opened.withLockedValue { $0.append(self) }
    }

    /// Flushes every log file opened (``flush(timeout:)``): before the process ends.
    public static func flushAll() {
        for file in opened.withLockedValue({ $0 }) { file.flush() }
    }

    /// Queues `line` (which ends with a newline).
    public func write(_ line: String) {
        let queued = queue.withLockedValue { queue in
            guard queue.lines.count < Self.maxQueuedLines else {
                queue.dropped += 1
                return false
            }
            queue.lines.append(line)
            return true
        }
        if queued {
            signal.lock()
            signal.unlock(withValue: 1)
        }
    }

    /// Waits (up to `timeout`) until every queued line is written: at shutdown, off the event loops.
    public func flush(timeout: Duration = .seconds(2)) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, queue.withLockedValue({ !$0.lines.isEmpty || $0.writing }) {
            usleep(2_000)
        }
    }

    private func run() {
        while true {
            signal.lock(whenValue: 1)
            signal.unlock(withValue: 0)
            let (lines, dropped) = queue.withLockedValue { queue in
                defer { (queue.lines, queue.dropped, queue.writing) = ([], 0, true) }
                return (queue.lines, queue.dropped)
            }
            for line in lines { append(line) }
            if dropped > 0 { append("\(LogLineFormatter.timestamp(Date(), fractional: false)) warning skillhub : [RotatingLogFile] \(dropped) log lines dropped: the log file could not keep up\n") }
            queue.withLockedValue { $0.writing = false }
        }
    }

    private func append(_ line: String) {
        file.withLockedValue { file in
            let bytes = Array(line.utf8)
            if file.size > 0, file.size + bytes.count > maxBytes { rotate(&file) }
            var written = 0
            while written < bytes.count {
                let result = bytes.withUnsafeBytes { buffer in
                    buffer.baseAddress.map { Foundation.write(file.descriptor, $0 + written, buffer.count - written) } ?? -1
                }
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { return }
                written += result
            }
            file.size += written
        }
    }

    /// `path.N-1` → `path.N` … `path` → `path.1`, then a new `path`.
    private func rotate(_ file: inout File) {
        close(file.descriptor)
        unlink("\(path).\(backups)")
        for index in stride(from: backups - 1, through: 1, by: -1) {
            rename("\(path).\(index)", "\(path).\(index + 1)")
        }
        rename(path, "\(path).1")
        file = Self.open(path) ?? File(descriptor: -1, size: 0)
    }

    private static func open(_ path: String) -> File? {
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        return File(descriptor: descriptor, size: size)
    }
}
