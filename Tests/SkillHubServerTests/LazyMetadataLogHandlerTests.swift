import Logging
import NIOConcurrencyHelpers
import Testing

@testable import SkillHubServer

@Suite("Logger metadata handed over when logging")
struct LazyMetadataLogHandlerTests {
    /// Records what reaches the wrapped handler.
    struct Recorder: LogHandler {
        let entries: NIOLockedValueBox<[(Logger.Metadata?, String)]>
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        var metadataProvider: Logger.MetadataProvider?
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            entries.withLockedValue { $0.append((event.metadata, "\(event.message)")) }
        }
    }

    @Test func theLoggersMetadataArrivesWithEachEntryAndTheEntrysOwnWins() {
        let entries = NIOLockedValueBox<[(Logger.Metadata?, String)]>([])
        var logger = Logger(label: "test") { _ in LazyMetadataLogHandler(Recorder(entries: entries)) }
        logger.logLevel = .info
        logger[metadataKey: "request"] = "r1"
        logger[metadataKey: "skill"] = "echo"
        #expect(logger[metadataKey: "request"] == "r1")
        logger.debug("below the level")
        logger.info("called", metadata: ["skill": "rerank"])
        let logged = entries.withLockedValue { $0 }
        #expect(logged.count == 1)
        #expect(logged.first?.0 == ["request": "r1", "skill": "rerank"])
        #expect(logged.first?.1 == "called")
    }
}
