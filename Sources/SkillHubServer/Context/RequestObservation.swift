import NIOConcurrencyHelpers

/// What the request log needs from inside the middleware chain: a context is copied on its way
/// in, so the authenticated account reaches the outer observation middleware through this
/// reference, which every copy of a request's context shares.
final class RequestObservation: Sendable {
    private let state = NIOLockedValueBox<String?>(nil)

    /// The account of the authenticated caller, if any.
    var account: String? {
        get { state.withLockedValue { $0 } }
        set { state.withLockedValue { $0 = newValue } }
    }
}
