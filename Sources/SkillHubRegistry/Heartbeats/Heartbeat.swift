import Foundation
import SkillHubCore

/// One endpoint's heartbeat, optionally with its own view of its health and load.
public struct Heartbeat: Sendable, Equatable {
    public var endpointID: UUID
    /// `healthy` (the default) or `unhealthy` when the service reports itself down.
    public var status: EndpointStatus?
    /// Requests the endpoint is serving now.
    public var inFlight: Int?
    /// CPU use, 0–100 %.
    public var cpu: Double?

    public init(endpointID: UUID, status: EndpointStatus? = nil, inFlight: Int? = nil, cpu: Double? = nil) {
        self.endpointID = endpointID
        self.status = status
        self.inFlight = inFlight
        self.cpu = cpu
    }
}

/// The last load an endpoint reported, as kept in Redis until it goes stale.
public struct EndpointLoad: Sendable, Codable, Equatable {
    public var inFlight: Int?
    public var cpu: Double?
    /// When the heartbeat arrived (Unix milliseconds).
    public var at: Int64

    enum CodingKeys: String, CodingKey {
        case inFlight = "in_flight"
        case cpu, at
    }
}

/// What became of one heartbeat.
public enum HeartbeatOutcome: Sendable, Equatable {
    /// Recorded; the endpoint's status after it.
    case accepted(EndpointStatus)
    /// No endpoint with that id (perhaps removed after missing heartbeats): register again.
    case unknownEndpoint
    /// The endpoint belongs to a skill the caller may not change.
    case forbidden
}
