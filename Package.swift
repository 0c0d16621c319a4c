// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "SkillHub",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "skillhub", targets: ["skillhub"]),
        .library(name: "SkillHubCore", targets: ["SkillHubCore"]),
        .library(name: "SkillHubWire", targets: ["SkillHubWire"]),
        .library(name: "SkillHubRedis", targets: ["SkillHubRedis"]),
        // Plugins, each a dynamic library loaded at run time through the C ABI.
        .library(name: "SkillKit", targets: ["SkillKit"]),
        .library(name: "SkillHubPluginEcho", type: .dynamic, targets: ["EchoPlugin"]),
        .library(name: "SkillHubPluginEchoC", type: .dynamic, targets: ["EchoCPlugin"]),
        .library(name: "SkillHubPluginRerank", type: .dynamic, targets: ["RerankPlugin"]),
        .library(name: "SkillHubPluginOCR", type: .dynamic, targets: ["OCRPlugin"]),
        .library(name: "SkillHubTestPluginWrongMajor", type: .dynamic, targets: ["WrongMajorPlugin"]),
        .library(name: "SkillHubTestPluginMisbehaving", type: .dynamic, targets: ["MisbehavingPlugin"]),
        .library(name: "SkillHubTestPluginCrashOnLoad", type: .dynamic, targets: ["CrashOnLoadPlugin"]),
        .library(name: "SkillHubTestPluginABI10", type: .dynamic, targets: ["ABI10Plugin"]),
        .library(name: "SkillHubPluginSearch", type: .dynamic, targets: ["SearchPlugin"]),
        .library(name: "SkillHubPluginChat", type: .dynamic, targets: ["ChatPlugin"]),
        .library(name: "SkillHubPluginMemory", type: .dynamic, targets: ["MemoryPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        // TLS (USE_SSL) and HTTP/2 for the server: already in the graph through AsyncHTTPClient.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
    ],
    targets: [
        // hiredis, used only as the RESP codec (encoder + reply reader).
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        // The plugin ABI: skillhub/plugin.h, the only contract between host and plugin.
        .target(
            name: "CSkillHubPlugin",
            dependencies: []
        ),
        // Loads plugin libraries (dlopen), checks the ABI, hands them the host table, bridges calls to async/await;
        // runs a plugin in a child process of its own in isolated mode.
        .target(
            name: "SkillHubPluginHost",
            dependencies: [
                "CSkillHubPlugin",
                "SkillHubCore",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // SkillKit: the Swift SDK for plugin authors (a Skill protocol; every ABI pointer hidden).
        .target(
            name: "SkillKit",
            dependencies: ["CSkillHubPlugin", "SkillHubWire"]
        ),
        // echo: the example plugin in Swift.
        .target(
            name: "EchoPlugin",
            dependencies: ["SkillKit"],
            path: "Plugins/Echo"
        ),
        // echo-c: a plugin in plain C, built without Swift.
        .target(
            name: "EchoCPlugin",
            dependencies: ["CSkillHubPlugin"],
            path: "Plugins/EchoC",
            publicHeadersPath: "."
        ),
        // Volcengine's V4 request signing, shared by the OCR and rerank providers.
        .target(
            name: "VolcengineSigning",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Plugins/Shared/VolcengineSigning"
        ),
        // rerank: reciprocal rank fusion, BM25 and remote rerank providers (no SkillKit: testable alone).
        .target(
            name: "RerankEngine",
            dependencies: ["SkillHubCore", "VolcengineSigning"],
            path: "Plugins/Rerank/Engine"
        ),
        // rerank: the plugin around RerankEngine.
        .target(
            name: "RerankPlugin",
            dependencies: ["RerankEngine", "SkillKit", "SkillHubCore"],
            path: "Plugins/Rerank/Plugin"
        ),
        // Tesseract's C API and Leptonica, for the OCR skill.
        .systemLibrary(
            name: "CTesseract",
            pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]
        ),
        // ocr: Tesseract in process through a pool of engines; PaddleOCR and Volcengine OCR remote.
        .target(
            name: "OCREngine",
            dependencies: ["CTesseract", "SkillHubCore", "VolcengineSigning"],
            path: "Plugins/OCR/Engine"
        ),
        // ocr: the plugin around OCREngine.
        .target(
            name: "OCRPlugin",
            dependencies: ["OCREngine", "SkillKit"],
            path: "Plugins/OCR/Plugin"
        ),
        // Poppler's GLib API, for the search engine's PDF text layer.
        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]
        ),
        // search: document formats, text extraction (text, Markdown, HTML, PDF) and chunking (no SkillKit: testable alone).
        .target(
            name: "SearchEngine",
            dependencies: ["CPoppler"],
            path: "Plugins/Search/Engine"
        ),
        // Generates a new plugin package (`skillhub plugin new NAME`).
        .target(
            name: "SkillHubScaffold",
            dependencies: []
        ),
        // A test plugin built for a future ABI major: the host must refuse it by name.
        .target(
            name: "WrongMajorPlugin",
            dependencies: ["CSkillHubPlugin"],
            path: "Plugins/TestPlugins/WrongMajor",
            publicHeadersPath: "."
        ),
        // A test plugin that hangs, completes twice and answers garbage: the host must survive each.
        .target(
            name: "MisbehavingPlugin",
            dependencies: ["CSkillHubPlugin"],
            path: "Plugins/TestPlugins/Misbehaving",
            publicHeadersPath: "."
        ),
        // A test plugin whose entry function crashes (under a name containing "crash-on-load"):
        // with plugins isolated, the host reads libraries in a child and must survive it.
        .target(
            name: "CrashOnLoadPlugin",
            dependencies: ["CSkillHubPlugin"],
            path: "Plugins/TestPlugins/CrashOnLoad",
            publicHeadersPath: "."
        ),
        // A test plugin built for ABI 1.0 (before `store` and `embed`): a 1.1 host must still load and serve it.
        .target(
            name: "ABI10Plugin",
            dependencies: ["CSkillHubPlugin"],
            path: "Plugins/TestPlugins/ABI10",
            publicHeadersPath: "."
        ),
        // The wire types plugins need and nothing else: JSON values (parser, writer, coders), the host's HTTP messages.
        .target(
            name: "SkillHubWire",
            dependencies: []
        ),
        // Domain types, configuration, error codes. No I/O.
        .target(
            name: "SkillHubCore",
            dependencies: ["SkillHubWire"]
        ),
        // Non-blocking Redis client on SwiftNIO.
        .target(
            name: "SkillHubRedis",
            dependencies: [
                "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A lean kept-alive HTTP/1.1 client for plain http:// skill endpoints (https stays on AsyncHTTPClient).
        .target(
            name: "EndpointHTTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Embeddings shared by search and memory: the local e5 model in process, and the remote providers.
        .target(
            name: "SkillHubEmbeddings",
            dependencies: [
                "SkillHubCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Chat model providers (OpenAI-compatible and Ollama, streaming) and the router with fallbacks, for chat and memory.
        .target(
            name: "SkillHubChatModels",
            dependencies: [
                "SkillHubCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The document store behind the plugins' `store` service: collections, chunks, background embedding,
        // hybrid retrieval (in-memory BM25 term indexes + in-memory vector indexes), kept current across instances.
        .target(
            name: "SkillHubKnowledge",
            dependencies: [
                "SkillHubCore",
                "SkillHubEmbeddings",
                "SkillHubRedis",
                "SkillHubStorage",
                "SkillHubTermIndex",
                "SkillHubVectorIndex",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // search: the plugin around SearchEngine (documents in, chunks to the host's store, queries, rerank).
        .target(
            name: "SearchPlugin",
            dependencies: ["SearchEngine", "SkillKit", .product(name: "Crypto", package: "swift-crypto")],
            path: "Plugins/Search/Plugin"
        ),
        // chat: prompt assembly within a context budget (no SkillKit: testable alone).
        .target(
            name: "ChatEngine",
            dependencies: [],
            path: "Plugins/Chat/Engine"
        ),
        // chat: the plugin (sessions through the host's `sessions`, answers through its `model`).
        .target(
            name: "ChatPlugin",
            dependencies: ["ChatEngine", "SkillKit"],
            path: "Plugins/Chat/Plugin"
        ),
        // memory: extraction and reconciliation prompts, their answers checked, hotness and decay (no SkillKit: testable alone).
        .target(
            name: "MemoryEngine",
            dependencies: ["ChatEngine", "SkillHubWire"],
            path: "Plugins/Memory/Engine"
        ),
        // memory: the plugin (memories in the host's `store`, extraction through its `model`, later work deferred with `invoke_skill`).
        .target(
            name: "MemoryPlugin",
            dependencies: ["MemoryEngine", "ChatEngine", "SkillKit", .product(name: "Crypto", package: "swift-crypto")],
            path: "Plugins/Memory/Plugin"
        ),
        // PostgreSQL pool and migration runner.
        .target(
            name: "SkillHubStorage",
            dependencies: [
                "SkillHubCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The live registry: heartbeats, health sweeping, the cache kept current through pub/sub.
        .target(
            name: "SkillHubRegistry",
            dependencies: [
                "SkillHubCore",
                "SkillHubRedis",
                "SkillHubStorage",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The skill-service side: registers a manifest and heartbeats (`skillhub agent`).
        .target(
            name: "SkillHubAgent",
            dependencies: [
                "SkillHubCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // HTTP surface: routes, middleware, readiness, metrics.
        .target(
            name: "SkillHubServer",
            dependencies: [
                "EndpointHTTP",
                "SkillHubChatModels",
                "SkillHubCore",
                "SkillHubEmbeddings",
                "SkillHubKnowledge",
                "SkillHubPluginHost",
                "SkillHubRedis",
                "SkillHubRegistry",
                "SkillHubStorage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        // An in-memory approximate nearest-neighbour index (exact below a threshold, HNSW above). Standard library only.
        .target(
            name: "SkillHubVectorIndex",
            dependencies: []
        ),
        // An in-memory inverted index ranked by BM25, the full-text channel of a search. Standard library only.
        .target(
            name: "SkillHubTermIndex",
            dependencies: []
        ),
        // The command-line entry point.
        .executableTarget(
            name: "skillhub",
            dependencies: [
                "SkillHubAgent",
                "SkillHubCore",
                "SkillHubPluginHost",
                "SkillHubScaffold",
                "SkillHubStorage",
                "SkillHubServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "EndpointHTTPTests",
            dependencies: [
                "EndpointHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SkillHubCoreTests",
            dependencies: ["SkillHubCore"]
        ),
        // The embedding providers against fakes of their HTTP APIs on loopback, and the real local model.
        .testTarget(
            name: "SkillHubEmbeddingsTests",
            dependencies: [
                "SkillHubEmbeddings",
                "SkillHubCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The chat providers and router against fakes of OpenAI's and Ollama's chat APIs on loopback, and the local llama-server.
        .testTarget(
            name: "SkillHubChatModelsTests",
            dependencies: [
                "SkillHubChatModels",
                "SkillHubCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "OCREngineTests",
            dependencies: ["OCREngine", "SkillHubCore", "SkillHubTestSupport", "VolcengineSigning"]
        ),
        .testTarget(
            name: "OCRPluginTests",
            dependencies: ["OCRPlugin", "OCREngine", "CSkillHubPlugin", "SkillHubCore", "SkillHubTestSupport"]
        ),
        .testTarget(
            name: "SkillHubScaffoldTests",
            dependencies: ["SkillHubScaffold"]
        ),
        .testTarget(
            name: "VolcengineSigningTests",
            dependencies: ["VolcengineSigning"]
        ),
        // The vector index against a brute-force oracle: recall, removal, filters, concurrency.
        .testTarget(
            name: "SkillHubVectorIndexTests",
            dependencies: ["SkillHubVectorIndex"]
        ),
        // The term index: BM25 against hand-computed scores, removal, filters, ties, concurrency.
        .testTarget(
            name: "SkillHubTermIndexTests",
            dependencies: ["SkillHubTermIndex"]
        ),
        .testTarget(
            name: "RerankEngineTests",
            dependencies: ["RerankEngine", "SkillHubCore"]
        ),
        // The search engine alone: format detection, extraction (PDFs built by the tests), chunking in English and Chinese.
        .testTarget(
            name: "SearchEngineTests",
            dependencies: ["SearchEngine", "SkillHubTestSupport"]
        ),
        .testTarget(
            name: "SkillHubRedisTests",
            dependencies: [
                "SkillHubRedis",
                "SkillHubTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SkillHubPluginHostTests",
            dependencies: ["SkillHubPluginHost", "SkillHubCore", "SkillHubTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        // The document store: the embedding worker against the test stack, fusion, change messages.
        .testTarget(
            name: "SkillHubKnowledgeTests",
            dependencies: [
                "SkillHubKnowledge", "SkillHubCore", "SkillHubEmbeddings", "SkillHubStorage", "SkillHubTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ChatEngineTests",
            dependencies: ["ChatEngine"]
        ),
        .testTarget(
            name: "MemoryEngineTests",
            dependencies: ["MemoryEngine"]
        ),
        .testTarget(
            name: "SkillHubStorageTests",
            dependencies: ["SkillHubStorage", "SkillHubTestSupport"]
        ),
        .testTarget(
            name: "SkillHubServerTests",
            dependencies: [
                "SkillHubAgent",
                "SkillHubServer",
                "SkillHubTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Shared helpers for integration tests: environment of the test stack, throw-away servers.
        .target(
            name: "SkillHubTestSupport",
            dependencies: [
                "SkillHubCore", "SkillHubRedis", "SkillHubStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/SkillHubTestSupport"
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer targets (Tests/Fuzz, `make fuzz`): declared only when SKILLHUB_FUZZ=1, for a build with
// `--sanitize=fuzzer`, whose executables take `main` from libFuzzer and only define `LLVMFuzzerTestOneInput`.
if Context.environment["SKILLHUB_FUZZ"] == "1" {
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzJSON", ["SkillHubWire"]),
        ("FuzzJSONSchema", ["SkillHubCore", "SkillHubWire"]),
        ("FuzzRESP", ["SkillHubRedis"]),
        ("FuzzPluginFrame", ["SkillHubPluginHost", .product(name: "NIOCore", package: "swift-nio")]),
        ("FuzzSQLSplitter", ["SkillHubStorage"]),
        (
            "FuzzEndpointResponse",
            [
                "EndpointHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        ("FuzzDotEnv", ["SkillHubCore"]),
        ("FuzzURLs", ["EndpointHTTP", "SkillHubCore"]),
        ("FuzzChunker", ["SearchEngine"]),
    ]
    package.targets.append(.target(name: "FuzzSupport", path: "Tests/Fuzz/FuzzSupport"))
    for fuzzTarget in fuzzTargets {
        package.targets.append(
            .executableTarget(name: fuzzTarget.name, dependencies: ["FuzzSupport"] + fuzzTarget.dependencies, path: "Tests/Fuzz/\(fuzzTarget.name)")
        )
        package.products.append(.executable(name: fuzzTarget.name, targets: [fuzzTarget.name]))
    }
}
