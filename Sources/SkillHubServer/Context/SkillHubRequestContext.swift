import Hummingbird
import Logging
import NIOCore
import SkillHubCore

/// The per-request context of SkillHub's routes.
public struct SkillHubRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request id: the client's `X-Request-Id` when valid, else generated.
    public var requestID: String
    /// The body limit (`SKILLHUB_MAX_BODY_BYTES`), set by ``BodyLimitMiddleware``.
    public var maxUploadSize: Int
    /// The authenticated caller, set by the authentication middleware (and noted for the request log).
    public var principal: Principal? {
        didSet { observed.account = principal?.accountID }
    }
    /// What the request log reports that inner middleware learns (the caller's account), shared by
    /// every copy of this context.
    let observed = RequestObservation()
    /// What the caller's credentials allow.
    public var scopes: Set<Scope>
    /// The verified access token, when the caller presented one.
    var tokenClaims: TokenClaims?
    /// The connection's peer (rate limiting reads the client address from it).
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.requestID = ""
        self.maxUploadSize = 1 << 20
        self.scopes = []
        self.remoteAddress = source.channel.remoteAddress
    }
}
