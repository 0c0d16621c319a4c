import struct Foundation.UUID

/// A hash ring for session affinity: a key (a `session_id`) always maps to
/// the same target while the set is unchanged, and when a target leaves only
/// about 1/n of the keys move. Each target gets virtual nodes in proportion to
/// its weight.
public struct ConsistentHashRing: Sendable {
    private var ring: [(point: UInt64, target: RouteTarget)] = []

    /// Virtual nodes per unit of weight (ketama's 160, so even weight-1 targets share evenly), capped per target.
    public static let nodesPerWeight = 160
    public static let maximumNodesPerTarget = 4000

    public init(targets: [RouteTarget]) {
        for target in targets where target.weight > 0 {
            let nodes = min(Self.maximumNodesPerTarget, target.weight * Self.nodesPerWeight)
            for replica in 0..<nodes {
                ring.append((Self.hash("\(target.id.uuidString)#\(replica)"), target))
            }
        }
        ring.sort { $0.point < $1.point }
    }

    /// The target that owns `key`; nil for an empty ring.
    public func pick(key: String) -> RouteTarget? {
        guard !ring.isEmpty else { return nil }
        let point = Self.hash(key)
        var low = 0
        var high = ring.count
        while low < high {
            let middle = (low + high) / 2
            if ring[middle].point < point { low = middle + 1 } else { high = middle }
        }
        return ring[low == ring.count ? 0 : low].target
    }

    /// 64-bit FNV-1a with a final avalanche (splitmix64), stable across runs and processes.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 30
        hash &*= 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash &*= 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return hash
    }
}
