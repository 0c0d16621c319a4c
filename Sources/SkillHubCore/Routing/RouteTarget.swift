import struct Foundation.UUID

/// One endpoint as the balancers see it.
public struct RouteTarget: Sendable, Hashable {
    public var id: UUID
    /// Relative share of traffic; 0 drains the endpoint (never picked).
    public var weight: Int
    /// Requests in flight now, for least-request balancing.
    public var inFlight: Int

    public init(id: UUID, weight: Int, inFlight: Int = 0) {
        self.id = id
        self.weight = weight
        self.inFlight = inFlight
    }
}
