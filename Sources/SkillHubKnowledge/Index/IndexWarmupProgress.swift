import NIOConcurrencyHelpers

/// How far ``KnowledgeIndexWarmup`` is, for `/api/health` (`services.knowledge_indexes`). Never
/// part of readiness: an instance still loading its indexes answers queries (each waits for its
/// collection's load), so a load balancer must not drop it.
public final class IndexWarmupProgress: Sendable {
    private enum State {
        /// The collections are not listed yet.
        case starting
        case loading(done: Int, total: Int)
        /// Every collection tried; the reasons of those that failed.
        case finished(total: Int, failures: [String])
        /// Stopped before the end: the collections could not be listed, or PostgreSQL became unreachable.
        case abandoned(reason: String)
    }

    private let state = NIOLockedValueBox<State>(.starting)

    /// `loading` (or `loading: 3 of 12 collections`), `healthy` once every collection's indexes are
    /// loaded, `unhealthy: REASON` when some could not be (those load on their first query instead).
    public var healthState: String {
        switch state.withLockedValue({ $0 }) {
        case .starting:
            "loading"
        case .loading(let done, let total):
            "loading: \(done) of \(total) collections"
        case .finished(_, let failures) where failures.isEmpty:
            "healthy"
        case .finished(let total, let failures):
            "unhealthy: \(failures.count) of \(total) collections not loaded, they load on their first query (\(failures[0]))"
        case .abandoned(let reason):
            "unhealthy: the warm-up stopped, indexes load on first query (\(reason))"
        }
    }

    func started(total: Int) {
        state.withLockedValue { $0 = .loading(done: 0, total: total) }
    }

    func advanced(done: Int, total: Int) {
        state.withLockedValue { $0 = .loading(done: done, total: total) }
    }

    func finished(total: Int, failures: [String]) {
        state.withLockedValue { $0 = .finished(total: total, failures: failures) }
    }

    func abandoned(_ reason: String) {
        state.withLockedValue { $0 = .abandoned(reason: reason) }
    }
}
