import OCREngine
import SkillKit

extension OCRError {
    /// The status the caller sees.
    var skillError: SkillError {
        switch kind {
        case .invalidInput: SkillError(.invalidInput, message)
        case .unavailable: SkillError(.unavailable, message)
        case .internal: SkillError(.internal, message)
        }
    }
}
