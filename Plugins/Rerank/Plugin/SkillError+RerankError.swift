import RerankEngine
import SkillKit

extension SkillError {
    /// The status a caller sees for an engine error: bad input or configuration is invalid
    /// input, unsupported stays unsupported, and a provider failure is unavailable.
    init(_ error: RerankError) {
        let status: Status = switch error {
        case .invalidInput, .invalidConfiguration: .invalidInput
        case .unsupported: .unsupported
        case .providerFailed, .providerUnreachable: .unavailable
        }
        self.init(status, error.description)
    }
}
