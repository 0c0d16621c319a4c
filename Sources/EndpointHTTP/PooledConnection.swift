import NIOCore

/// An open connection of a pool: its channel and the handler that runs its exchanges.
struct PooledConnection: Sendable {
    let channel: any Channel
    /// Only touched on `channel.eventLoop`.
    let handler: NIOLoopBound<HTTPExchangeHandler>

    /// Identifies the connection in its pool.
    var id: ObjectIdentifier { ObjectIdentifier(channel) }
}
