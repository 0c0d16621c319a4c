import CHiredis

/// hiredis's reply constructors with one bound added: an array header announcing more than
/// ``maximumArrayElements`` elements is refused instead of allocated. hiredis 0.14 (Debian's)
/// allocates the element table as soon as it reads `*N`, so one reply header (`*679000000`) asked
/// for 5.4 GB (found by `FuzzRESP`). Refusing makes the reader fail with a protocol error, which
/// closes the connection like any other.
enum BoundedReplyFunctions {
    /// Far above any reply SkillHub reads (its largest are batches of 10,000 heartbeats).
    static let maximumArrayElements: Int32 = 1 << 20

    /// hiredis's own constructors, copied from a reader made with the defaults (they are not exported).
    /// Immutable once made.
    nonisolated(unsafe) static let defaults: redisReplyObjectFunctions? = {
        guard let reader = redisReaderCreate() else { return nil }
        defer { redisReaderFree(reader) }
        return reader.pointee.fn?.pointee
    }()

    /// The table readers are made with: the defaults, `createArray` bounded. Immutable once made.
    nonisolated(unsafe) static let table: UnsafeMutablePointer<redisReplyObjectFunctions>? = {
        guard var functions = defaults else { return nil }
        functions.createArray = { task, elements in
            guard elements <= BoundedReplyFunctions.maximumArrayElements else { return nil }
            return BoundedReplyFunctions.defaults?.createArray?(task, elements)
        }
        let table = UnsafeMutablePointer<redisReplyObjectFunctions>.allocate(capacity: 1)
        table.initialize(to: functions)
        return table
    }()
}
