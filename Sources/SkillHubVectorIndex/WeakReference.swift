/// A weak reference a background job holds to its index, so that a dropped index is freed (and its job
/// stops at the next check) instead of being kept alive by its own build.
struct WeakReference<Object: AnyObject & Sendable>: Sendable {
    weak var object: Object?
}
