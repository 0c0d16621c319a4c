/// How a transport reports that no (whole) answer came; each carries a reason naming the place, never the path or
/// query (which may hold a key).
public enum ChatHTTPTransportError: Error, Sendable, Hashable {
    /// The connection could not be made (refused, DNS, TLS).
    case unreachable(String)
    /// The answer did not begin within the timeout.
    case timeout(String)
    /// The connection broke while the answer was being read.
    case connectionLost(String)
    /// The answer was larger than the transport reads.
    case tooLarge(String)
}
