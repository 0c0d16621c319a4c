import NIOConcurrencyHelpers

/// In-memory indexes loaded once per key however many ask at the same time: the first asker
/// starts the load, the others wait for it. A failed load is not kept, so the next ask tries again.
final class IndexLoads<Key: Hashable & Sendable, Index: Sendable>: Sendable {
    private let tasks = NIOLockedValueBox<[Key: Task<Index, any Error>]>([:])

    /// The index of `key`, loaded by `load` if nobody has yet.
    func index(for key: Key, load: @escaping @Sendable () async throws -> Index) async throws -> Index {
        let task = tasks.withLockedValue { tasks in
            if let task = tasks[key] { return task }
            let task = Task { try await load() }
            tasks[key] = task
            return task
        }
        do {
            return try await task.value
        } catch {
            tasks.withLockedValue { tasks in
                if tasks[key] == task { tasks[key] = nil }
            }
            throw error
        }
    }

    /// The indexes loaded or loading whose key passes `isIncluded`, once loaded (failed loads left out).
    func loaded(where isIncluded: (Key) -> Bool) async -> [(key: Key, index: Index)] {
        let matching = tasks.withLockedValue { tasks in tasks.filter { isIncluded($0.key) } }
        var loaded: [(key: Key, index: Index)] = []
        for (key, task) in matching {
            if let index = try? await task.value { loaded.append((key, index)) }
        }
        return loaded
    }

    /// Forgets the indexes whose key passes `shouldDrop` (the next ask loads them again).
    func drop(where shouldDrop: (Key) -> Bool) {
        tasks.withLockedValue { tasks in
            for key in tasks.keys where shouldDrop(key) { tasks[key] = nil }
        }
    }

    /// Forgets every index.
    func dropAll() {
        tasks.withLockedValue { $0.removeAll() }
    }
}
