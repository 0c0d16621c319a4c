import Foundation
import MemoryEngine
import SkillKit

/// The periodic sweep of an account's memories (`sweep`, deferred through the host every
/// `memory_decay_check_interval` seconds, one pending per account, so one instance runs it at a
/// time): memories past their `expiration_date` are removed for good, active memories whose
/// hotness fell below `memory_archive_threshold` are archived (kept, restorable, left out of
/// searches unless asked for).
struct DecaySweep: Sendable {
    let configuration: MemoryConfiguration
    let records: MemoryRecords
    let context: SkillContext
    /// Memories read per page.
    static let pageSize = 500

    func run() async throws -> JSONValue {
        let now = context.now
        var archived = 0
        var expired = 0
        var seen = 0
        for state in ["active", "archived"] {
            var offset = 0
            while true {
                let page = try await records.list(scope: MemoryScope(), state: state, limit: Self.pageSize, offset: offset)
                var archive: [JSONValue] = []
                var kept = 0
                for document in page.documents {
                    seen += 1
                    let metadata = document["metadata"]
                    if let id = document["document_id"]?.stringValue,
                       let expiry = metadata?["expiration_date"]?.stringValue.flatMap(MemoryRecords.date), expiry <= now {
                        try await records.purge(id)
                        expired += 1
                        continue
                    }
                    let hotness = configuration.decay.hotness.score(
                        accessCount: metadata?["access_count"]?.intValue ?? 0, lastUsed: MemoryRecords.lastUsed(metadata) ?? now, now: now
                    )
                    if state == "active", configuration.decay.archives(hotness: hotness) { archive.append(document) } else { kept += 1 }
                }
                for document in archive {
                    _ = try await records.change(document, state: "archived", event: "ARCHIVE", actor: "decay", now: now)
                    archived += 1
                }
                if page.documents.count < Self.pageSize { break }
                // What was archived or removed left the page; the rest moves the window on.
                offset += kept
            }
        }
        if archived + expired > 0 { context.log(.info, "memory sweep: \(archived) archived, \(expired) expired of \(seen)") }
        context.metric(.counter, "memory_archived", Double(archived))
        context.metric(.counter, "memory_expired", Double(expired))
        return ["archived": .number(Double(archived)), "expired": .number(Double(expired)), "examined": .number(Double(seen))]
    }
}
