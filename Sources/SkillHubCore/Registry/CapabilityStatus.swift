/// Whether a capability can be called.
public enum CapabilityStatus: String, Sendable, Codable, CaseIterable {
    case enabled
    case disabled
}
