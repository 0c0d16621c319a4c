import NIOConcurrencyHelpers
import NIOCore

/// The connections to one origin (host, port): idle ones reused last-in first-out, at most
/// `maximumConnections` open, callers beyond that queued first-in first-out.
///
/// A connection counts as open from the moment a caller is allowed to connect until its channel's
/// `closeFuture` completes (or the connect fails); a queued caller is handed the next released
/// connection, or the right to connect when an open one closes.
final class OriginConnectionPool: Sendable {
    /// What ``acquire(deadline:)`` hands out.
    enum Lease: Sendable {
        /// An idle connection, now the caller's until ``release(_:reusable:)``.
        case connection(PooledConnection)
        /// A free slot: the caller connects, then calls ``opened(_:)`` or ``connectFailed()``.
        case connect
    }

    private typealias Waiter = UnsafeContinuation<Result<Lease, EndpointHTTPError>, Never>

    private struct IdleConnection {
        var connection: PooledConnection
        var since: NIODeadline
    }

    private struct QueuedCaller {
        var id: Int
        var waiter: Waiter
        var timeout: Scheduled<Void>?
    }

    private struct State {
        var idle: [IdleConnection] = []
        var open = 0
        var queue = CircularBuffer<QueuedCaller>()
        var nextCallerID = 0
        var isShutDown = false

        /// An idle connection or a free slot, if there is one; `stale` receives idle connections to close.
        mutating func takeNow(maximumConnections: Int, maximumIdleTime: TimeAmount, stale: inout [PooledConnection]) -> Result<Lease, EndpointHTTPError>? {
            if isShutDown { return .failure(.shutDown) }
            if !idle.isEmpty {
                let now = NIODeadline.now()
                while let last = idle.popLast() {
                    // A closing channel is counted out by its closeFuture callback.
                    guard last.connection.channel.isActive else { continue }
                    guard now - last.since <= maximumIdleTime else {
                        // Idle too long: the server may be about to close it. The rest are older still.
                        stale.append(last.connection)
                        stale.append(contentsOf: idle.lazy.map(\.connection))
                        idle.removeAll(keepingCapacity: true)
                        break
                    }
                    return .success(.connection(last.connection))
                }
            }
            if open < maximumConnections {
                open += 1
                return .success(.connect)
            }
            return nil
        }

        /// The first queued caller, given the slot just freed, if any.
        mutating func handFreedSlot(maximumConnections: Int) -> QueuedCaller? {
            guard !isShutDown, open < maximumConnections, let caller = queue.popFirst() else { return nil }
            open += 1
            return caller
        }
    }

    let maximumConnections: Int
    let maximumIdleTime: TimeAmount
    /// Runs the timeouts of queued callers.
    private let timerLoop: any EventLoop
    private let state = NIOLockedValueBox(State())

    init(maximumConnections: Int, maximumIdleTime: TimeAmount, timerLoop: any EventLoop) {
        self.maximumConnections = max(1, maximumConnections)
        self.maximumIdleTime = maximumIdleTime
        self.timerLoop = timerLoop
    }

    /// An idle connection, or the right to open one; waits (until `deadline`) when the pool is full.
    func acquire(deadline: NIODeadline) async -> Result<Lease, EndpointHTTPError> {
        var stale: [PooledConnection] = []
        defer { for connection in stale { connection.channel.close(promise: nil) } }
        let maximumConnections = self.maximumConnections
        let maximumIdleTime = self.maximumIdleTime
        if let now = state.withLockedValue({ $0.takeNow(maximumConnections: maximumConnections, maximumIdleTime: maximumIdleTime, stale: &stale) }) {
            return now
        }
        guard deadline > .now() else { return .failure(.timedOut) }
        return await withUnsafeContinuation { (waiter: Waiter) in
            var staleWhileQueueing: [PooledConnection] = []
            enum Queueing { case ready(Result<Lease, EndpointHTTPError>), queued(Int) }
            let queueing = state.withLockedValue { state -> Queueing in
                // Checked again: a connection may have come back since the first look.
                if let now = state.takeNow(maximumConnections: maximumConnections, maximumIdleTime: maximumIdleTime, stale: &staleWhileQueueing) {
                    return .ready(now)
                }
                let id = state.nextCallerID
                state.nextCallerID &+= 1
                state.queue.append(QueuedCaller(id: id, waiter: waiter, timeout: nil))
                return .queued(id)
            }
            for connection in staleWhileQueueing { connection.channel.close(promise: nil) }
            let queued: Int
            switch queueing {
            case .ready(let now):
                waiter.resume(returning: now)
                return
            case .queued(let id):
                queued = id
            }
            let timeout = timerLoop.scheduleTask(deadline: deadline) { [self] in callerTimedOut(queued) }
            let stillQueued = state.withLockedValue { state in
                guard let index = state.queue.firstIndex(where: { $0.id == queued }) else { return false }
                state.queue[index].timeout = timeout
                return true
            }
            if !stillQueued { timeout.cancel() }
        }
    }

    /// Registers a new connection made on a ``Lease/connect`` slot: it is counted out when it closes.
    func opened(_ connection: PooledConnection) {
        let id = connection.id
        connection.channel.closeFuture.whenComplete { [self] _ in closed(id) }
    }

    /// Gives back the slot of a ``Lease/connect`` whose connect failed.
    func connectFailed() {
        let next = state.withLockedValue { state -> QueuedCaller? in
            state.open -= 1
            return state.handFreedSlot(maximumConnections: maximumConnections)
        }
        if let next { Self.resume(next, with: .success(.connect)) }
    }

    /// Returns a connection after an exchange: to the first queued caller, else to the idle list.
    /// A connection that is not reusable has been closed by its handler and is counted out on close.
    func release(_ connection: PooledConnection, reusable: Bool) {
        guard reusable, connection.channel.isActive else { return }
        let now = NIODeadline.now()
        enum Next { case idle, handTo(QueuedCaller), close }
        let next = state.withLockedValue { state -> Next in
            if state.isShutDown { return .close }
            if let caller = state.queue.popFirst() { return .handTo(caller) }
            state.idle.append(IdleConnection(connection: connection, since: now))
            return .idle
        }
        switch next {
        case .idle: break
        case .handTo(let caller): Self.resume(caller, with: .success(.connection(connection)))
        case .close: connection.channel.close(promise: nil)
        }
    }

    /// Closes the idle connections and fails the queued callers; later acquires fail with `.shutDown`.
    /// Returns the close futures of the idle connections.
    func shutdown() -> [EventLoopFuture<Void>] {
        let (idle, queue) = state.withLockedValue { state in
            state.isShutDown = true
            let taken = (state.idle, state.queue)
            state.idle.removeAll()
            state.queue.removeAll()
            return taken
        }
        for caller in queue { Self.resume(caller, with: .failure(.shutDown)) }
        return idle.map { idle in
            idle.connection.channel.close(promise: nil)
            return idle.connection.channel.closeFuture
        }
    }

    /// Counts (for tests and metrics): open connections, idle ones and queued callers.
    var counts: (open: Int, idle: Int, queued: Int) {
        state.withLockedValue { ($0.open, $0.idle.count, $0.queue.count) }
    }

    private func closed(_ id: ObjectIdentifier) {
        let next = state.withLockedValue { state -> QueuedCaller? in
            if let index = state.idle.firstIndex(where: { $0.connection.id == id }) {
                state.idle.remove(at: index)
            }
            state.open -= 1
            return state.handFreedSlot(maximumConnections: maximumConnections)
        }
        if let next { Self.resume(next, with: .success(.connect)) }
    }

    private func callerTimedOut(_ id: Int) {
        let caller = state.withLockedValue { state -> QueuedCaller? in
            guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return nil }
            return state.queue.remove(at: index)
        }
        caller?.waiter.resume(returning: .failure(.timedOut))
    }

    private static func resume(_ caller: QueuedCaller, with result: Result<Lease, EndpointHTTPError>) {
        caller.timeout?.cancel()
        caller.waiter.resume(returning: result)
    }
}
