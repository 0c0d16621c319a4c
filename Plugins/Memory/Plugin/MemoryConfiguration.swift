import MemoryEngine
import SkillKit

/// The `memory` skill's settings (`default_config`, overlaid by the host's environment: each key
/// upper-cased, e.g. `MEMORY_DECAY_HALF_LIFE_DAYS`).
struct MemoryConfiguration: Sendable {
    /// Hotness, its weight in scores, archiving (`enable_memory_decay`, `memory_decay_half_life_days`,
    /// `memory_hotness_weight`, `memory_archive_threshold`).
    var decay: MemoryDecayPolicy
    /// How often an account's sweep runs (`memory_decay_check_interval`, seconds).
    var sweepIntervalSeconds: Int
    /// The model for extraction and reconciliation (`memory_model`); empty: the host's internal
    /// model of the `MEM` task (`MEM_BUILTIN_CM_*`, falling back to `BUILTIN_CM_*`, then the default).
    var model: String?
    /// How long messages wait before their extraction starts (`memory_extraction_delay_ms`), so a
    /// burst of messages is extracted at once.
    var extractionDelayMilliseconds: Int
    /// The nearest memories offered to reconciliation per new fact (`memory_similar_per_fact`).
    var similarPerFact: Int
    /// The longest message taken (`memory_max_message_chars`).
    var maxMessageCharacters: Int
    /// How long `add` with `wait: true` works before it hands what is left to the queue
    /// (`memory_wait_timeout_ms`): below the dispatcher's 30 s, so the caller gets `queued`, not a 504.
    var waitTimeoutMilliseconds: Int

    init(_ context: SkillContext) throws {
        func number(_ key: String, _ range: ClosedRange<Double>) throws -> Double {
            guard let text = context.setting(key), let value = Double(text), range.contains(value) else {
                throw SkillError(.invalidInput, "\(key) must be a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        func flag(_ key: String) throws -> Bool {
            switch context.setting(key)?.lowercased() {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: throw SkillError(.invalidInput, "\(key) must be true or false")
            }
        }
        decay = MemoryDecayPolicy(
            enabled: try flag("enable_memory_decay"), halfLifeDays: try number("memory_decay_half_life_days", 0.01...36_500),
            hotnessWeight: try number("memory_hotness_weight", 0...1), archiveThreshold: try number("memory_archive_threshold", 0...1)
        )
        sweepIntervalSeconds = Int(try number("memory_decay_check_interval", 1...31 * 86_400))
        model = context.setting("memory_model")
        extractionDelayMilliseconds = Int(try number("memory_extraction_delay_ms", 0...3_600_000))
        similarPerFact = Int(try number("memory_similar_per_fact", 1...50))
        maxMessageCharacters = Int(try number("memory_max_message_chars", 1...10_000_000))
        waitTimeoutMilliseconds = Int(try number("memory_wait_timeout_ms", 1_000...600_000))
    }
}
