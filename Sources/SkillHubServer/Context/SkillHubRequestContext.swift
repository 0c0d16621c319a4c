import Hummingbird
import Logging
import SkillHubCore

/// The per-request context of SkillHub's routes.
public struct SkillHubRequestContext: RequestContext {
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

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.requestID = ""
        self.maxUploadSize = 1 << 20
        self.scopes = []
    }
}
