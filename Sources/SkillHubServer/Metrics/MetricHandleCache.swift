import NIOConcurrencyHelpers

/// Remembers the metric handles made for each set of labels: looking a metric
/// up in the Prometheus registry by name and labels on every request cost more
/// than recording the value.
final class MetricHandleCache<Key: Hashable & Sendable, Handles: Sendable>: Sendable {
    private let handles = NIOLockedValueBox<[Key: Handles]>([:])

    /// The handles for `key`, made by `make` the first time.
    func handles(for key: Key, make: () -> Handles) -> Handles {
        handles.withLockedValue { handles in
            if let known = handles[key] { return known }
            let made = make()
            handles[key] = made
            return made
        }
    }
}
