/// A point in the stream of registry changes this instance has learned of.
///
/// A memory of what PostgreSQL's registry held (the dispatcher's skill
/// directory) notes the mark before it reads and stays trustworthy while the
/// mark has not moved: every change this instance makes or hears of moves it,
/// as do each full reload of the ``RegistryCache`` (every minute, so nothing
/// is trusted longer than that) and a lost subscription.
public struct RegistryChangeMark: Sendable, Equatable {
    /// Grows with each change, full reload and interruption.
    public var count: Int
    /// Whether the other instances' changes are being heard now (the subscription is live).
    public var isFollowing: Bool

    public init(count: Int, isFollowing: Bool) {
        self.count = count
        self.isFollowing = isFollowing
    }

    /// Whether what was read at this mark still holds at `current`: no change since, and none that could have been missed.
    ///
    /// - Parameter current: The mark now.
    /// - Returns: `true` when both marks were taken while following and nothing moved between them.
    public func stillHolds(at current: RegistryChangeMark) -> Bool {
        isFollowing && current.isFollowing && count == current.count
    }
}
