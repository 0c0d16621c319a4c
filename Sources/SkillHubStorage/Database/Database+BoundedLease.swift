import PostgresNIO

extension Database {
    /// Leases a connection for `body`, waiting at most `timeout` for it; `body` itself is not
    /// bounded. The lease is requested in a child task, cancelled when the time is up (which
    /// withdraws the request from the pool), and handed to this task (``LeaseHandOff``).
    ///
    /// - Throws: ``DatabaseUnavailableError`` when no connection came in time (or the pool refused
    ///   one): PostgreSQL is then taken to be unreachable unless this process holds connections (a
    ///   busy pool is no outage).
    func lease<Value: Sendable>(within timeout: Duration, _ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        let handOff = LeaseHandOff()
        return try await withThrowingTaskGroup(of: Void.self, returning: Value.self) { group in
            defer { handOff.release() }
            group.addTask { [client, address] in
                do {
                    try await client.withConnection { connection in
                        handOff.offer(.success(connection))
                        await handOff.waitForRelease()
                    }
                } catch {
                    // Only the lease can fail here: cancelled, the pool closed, or its own circuit breaker open.
                    handOff.offer(.failure(Task.isCancelled ? CancellationError() : DatabaseUnavailableError(address: address, reason: "no connection: \(error)")))
                }
            }
            group.addTask { [address] in
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    return
                }
                handOff.offer(.failure(DatabaseUnavailableError(address: address, reason: "no connection within \(timeout)")))
            }
            let offer = await handOff.take()
            // Ends the wait for the lease (or the timer); a connection already handed over is kept
            // until `release()`, whatever cancellation says.
            group.cancelAll()
            let connection: PostgresConnection
            switch offer {
            case .success(let leased):
                connection = leased
            case .failure(let error as DatabaseUnavailableError):
                if circuit.acquireFailed() {
                    logger.warning("PostgreSQL unreachable: requests fail at once until a probe reaches it", metadata: ["address": "\(address)"])
                }
                throw error
            case .failure(let error):
                throw error
            }
            circuit.leaseAcquired()
            defer { circuit.leaseReleased() }
            return try await body(connection)
        }
    }
}
