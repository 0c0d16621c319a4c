/// Failures of the Redis client. Every one says what happened in plain words.
public enum RedisClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached.
    case connectionFailed(address: String, reason: String)
    /// The connection closed while the command was pending.
    case connectionClosed
    /// Reconnection is backing off after failures; the last failure is given.
    case unavailable(address: String, lastError: String, retryInMilliseconds: Int)
    /// The server did not answer within the command timeout.
    case timeout(command: String, milliseconds: Int)
    /// No pooled connection became free in time.
    case poolExhausted(maxConnections: Int)
    /// The pool or subscriber has been shut down.
    case shutdown
    /// Redis answered with an error reply.
    case serverError(String)
    /// The bytes from the server are not valid RESP.
    case protocolError(String)
    /// hiredis could not encode the command.
    case encodingFailed(String)
    /// The reply did not have the type the command promises.
    case unexpectedReply(command: String, reply: String)

    public var description: String {
        switch self {
        case .connectionFailed(let address, let reason): "cannot connect to Redis at \(address): \(reason)"
        case .connectionClosed: "the Redis connection closed before the reply arrived"
        case .unavailable(let address, let lastError, let retry):
            "Redis at \(address) is unavailable (\(lastError)); next connection attempt in \(retry) ms"
        case .timeout(let command, let milliseconds): "Redis did not answer \(command) within \(milliseconds) ms"
        case .poolExhausted(let max): "all \(max) Redis connections are busy"
        case .shutdown: "the Redis client has been shut down"
        case .serverError(let message): "Redis error: \(message)"
        case .protocolError(let message): "Redis protocol error: \(message)"
        case .encodingFailed(let command): "cannot encode Redis command \(command)"
        case .unexpectedReply(let command, let reply): "unexpected reply to \(command): \(reply)"
        }
    }
}

extension RedisClientError {
    /// Whether the failure means Redis could not be reached or did not answer,
    /// as opposed to a wrong command or reply.
    public var isUnavailability: Bool {
        switch self {
        case .connectionFailed, .connectionClosed, .unavailable, .timeout, .poolExhausted, .shutdown: true
        case .serverError, .protocolError, .encodingFailed, .unexpectedReply: false
        }
    }
}
