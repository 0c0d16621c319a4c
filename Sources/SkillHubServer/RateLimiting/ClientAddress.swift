import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SkillHubCore

/// The address a request comes from, for the per-address bucket of failed authentications.
///
/// It is the connection's peer, unless that peer is one of the trusted proxies
/// (`RATE_LIMIT_TRUSTED_PROXIES`): then `X-Forwarded-For` is read from the right, skipping
/// trusted proxies, and the first other address is the client. Without trusted proxies the
/// header is ignored, since any client can write it.
enum ClientAddress {
    static let forwardedForHeader = HTTPField.Name("X-Forwarded-For")!

    /// The client's address; `unknown` when the connection has none (a Unix socket, tests
    /// without a channel).
    static func of(_ request: Request, peer: SocketAddress?, trustedProxies: Set<String>) -> String {
        let peerAddress = peer?.ipAddress.map(IPAddressText.normalized) ?? "unknown"
        guard !trustedProxies.isEmpty, trustedProxies.contains(peerAddress) else { return peerAddress }
        let forwarded = request.headers[values: forwardedForHeader]
            .flatMap { $0.split(separator: ",") }
            .map { IPAddressText.normalized($0.trimmingCharacters(in: .whitespaces)) }
        var client = peerAddress
        for hop in forwarded.reversed() {
            guard IPAddressText.isValid(hop) else { break }
            client = hop
            if !trustedProxies.contains(hop) { break }
        }
        return client
    }
}
