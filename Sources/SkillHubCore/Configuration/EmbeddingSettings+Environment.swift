extension EmbeddingSettings {
    /// Reads `EMBEDDING_TYPE`, `EMBEDDING_MAX_BATCH_SIZE` and the chosen provider's variables, reporting one problem
    /// per bad or missing variable.
    static func read(_ reader: inout EnvironmentReader) -> EmbeddingSettings {
        let type = reader.choice("EMBEDDING_TYPE", default: EmbeddingProviderType.local)
        let maxBatchSize = reader.integer("EMBEDDING_MAX_BATCH_SIZE", default: defaultMaxBatchSize, in: 1...10_000)
        let provider: Provider
        switch type {
        case .local:
            let path = reader.string("EMBEDDING_LOCAL_PATH", default: Local.defaultPackagePath)
            provider = .local(Local(
                packagePath: path,
                libraryPath: reader.raw("EMBEDDING_LOCAL_LIBRARY"),
                modelPath: reader.raw("EMBEDDING_LOCAL_MODEL"),
                threads: reader.integer("EMBEDDING_LOCAL_THREADS", default: 1, in: 1...256)
            ))
        case .openai:
            let byAzure = reader.boolean("OPENAI_EMBEDDING_BY_AZURE", default: false)
            let apiKey = reader.raw("OPENAI_EMBEDDING_API_KEY")
            let apiVersion = reader.raw("OPENAI_EMBEDDING_API_VERSION")
            if byAzure {
                if apiKey == nil { reader.report("OPENAI_EMBEDDING_API_KEY", "is required with OPENAI_EMBEDDING_BY_AZURE=true (sent as the api-key header)") }
                if apiVersion == nil { reader.report("OPENAI_EMBEDDING_API_VERSION", "is required with OPENAI_EMBEDDING_BY_AZURE=true; expected Azure's api-version, such as 2024-10-21") }
            }
            provider = .openAI(OpenAI(
                baseURL: reader.requiredURL("OPENAI_EMBEDDING_BASE_URL", for: type),
                model: reader.required("OPENAI_EMBEDDING_MODEL", for: type),
                apiKey: apiKey,
                dimensions: reader.dimensions("OPENAI_EMBEDDING_DIMS", for: type),
                requestDimensions: reader.optionalDimensions("OPENAI_EMBEDDING_REQUEST_DIMS"),
                byAzure: byAzure,
                apiVersion: apiVersion
            ))
        case .ollama:
            provider = .ollama(Ollama(
                baseURL: reader.requiredURL("OLLAMA_EMBEDDING_BASE_URL", for: type, default: Ollama.defaultBaseURL),
                model: reader.required("OLLAMA_EMBEDDING_MODEL", for: type),
                dimensions: reader.dimensions("OLLAMA_EMBEDDING_DIMS", for: type)
            ))
        case .http:
            provider = .http(CozeHTTP(
                address: reader.requiredURL("HTTP_EMBEDDING_ADDR", for: type),
                dimensions: reader.dimensions("HTTP_EMBEDDING_DIMS", for: type)
            ))
        case .ark:
            provider = .ark(Ark(
                baseURL: reader.requiredURL("ARK_EMBEDDING_BASE_URL", for: type, default: Ark.defaultBaseURL),
                model: reader.required("ARK_EMBEDDING_MODEL", for: type),
                apiKey: reader.required("ARK_EMBEDDING_API_KEY", for: type),
                dimensions: reader.dimensions("ARK_EMBEDDING_DIMS", for: type),
                apiType: reader.choice("ARK_EMBEDDING_API_TYPE", default: Ark.APIType.text)
            ))
        case .gemini:
            provider = .gemini(Gemini(
                baseURL: reader.requiredURL("GEMINI_EMBEDDING_BASE_URL", for: type, default: Gemini.defaultBaseURL),
                model: reader.required("GEMINI_EMBEDDING_MODEL", for: type),
                apiKey: reader.required("GEMINI_EMBEDDING_API_KEY", for: type),
                dimensions: reader.dimensions("GEMINI_EMBEDDING_DIMS", for: type)
            ))
        }
        return EmbeddingSettings(provider: provider, maxBatchSize: maxBatchSize)
    }

    /// The effective settings as `(variable, value)` pairs, the API keys masked.
    public var maskedSummary: [(name: String, value: String)] {
        var summary: [(name: String, value: String)] = [
            ("EMBEDDING_TYPE", type.rawValue),
            ("EMBEDDING_MAX_BATCH_SIZE", String(maxBatchSize)),
        ]
        let key: (String?) -> String = { $0.map(SkillHubConfiguration.mask) ?? "(not set)" }
        switch provider {
        case .local(let local):
            summary += [
                ("EMBEDDING_LOCAL_PATH", local.packagePath),
                ("EMBEDDING_LOCAL_LIBRARY", local.libraryPath ?? "(the _engine*.so in EMBEDDING_LOCAL_PATH)"),
                ("EMBEDDING_LOCAL_MODEL", local.modelPath),
                ("EMBEDDING_LOCAL_THREADS", String(local.threads)),
            ]
        case .openAI(let openAI):
            summary += [
                ("OPENAI_EMBEDDING_BASE_URL", openAI.baseURL),
                ("OPENAI_EMBEDDING_MODEL", openAI.model),
                ("OPENAI_EMBEDDING_API_KEY", key(openAI.apiKey)),
                ("OPENAI_EMBEDDING_DIMS", String(openAI.dimensions)),
                ("OPENAI_EMBEDDING_REQUEST_DIMS", openAI.requestDimensions.map(String.init) ?? "(not sent)"),
                ("OPENAI_EMBEDDING_BY_AZURE", String(openAI.byAzure)),
                ("OPENAI_EMBEDDING_API_VERSION", openAI.apiVersion ?? "(not set)"),
            ]
        case .ollama(let ollama):
            summary += [
                ("OLLAMA_EMBEDDING_BASE_URL", ollama.baseURL),
                ("OLLAMA_EMBEDDING_MODEL", ollama.model),
                ("OLLAMA_EMBEDDING_DIMS", String(ollama.dimensions)),
            ]
        case .http(let http):
            summary += [
                ("HTTP_EMBEDDING_ADDR", http.address),
                ("HTTP_EMBEDDING_DIMS", String(http.dimensions)),
            ]
        case .ark(let ark):
            summary += [
                ("ARK_EMBEDDING_BASE_URL", ark.baseURL),
                ("ARK_EMBEDDING_MODEL", ark.model),
                ("ARK_EMBEDDING_API_KEY", key(ark.apiKey)),
                ("ARK_EMBEDDING_DIMS", String(ark.dimensions)),
                ("ARK_EMBEDDING_API_TYPE", ark.apiType.rawValue),
            ]
        case .gemini(let gemini):
            summary += [
                ("GEMINI_EMBEDDING_BASE_URL", gemini.baseURL),
                ("GEMINI_EMBEDDING_MODEL", gemini.model),
                ("GEMINI_EMBEDDING_API_KEY", key(gemini.apiKey)),
                ("GEMINI_EMBEDDING_DIMS", String(gemini.dimensions)),
            ]
        }
        return summary
    }
}

extension EnvironmentReader {
    /// A value the chosen embedding provider cannot do without.
    fileprivate mutating func required(_ name: String, for type: EmbeddingProviderType) -> String {
        guard let value = raw(name) else {
            report(name, "is required with EMBEDDING_TYPE=\(type.rawValue)")
            return ""
        }
        return value
    }

    /// An `http://` or `https://` URL, without a trailing slash.
    fileprivate mutating func requiredURL(_ name: String, for type: EmbeddingProviderType, default defaultValue: String? = nil) -> String {
        guard let value = raw(name) ?? defaultValue else {
            report(name, "is required with EMBEDDING_TYPE=\(type.rawValue); expected an http:// or https:// URL")
            return ""
        }
        let lowercased = value.lowercased()
        let scheme = lowercased.hasPrefix("http://") ? "http://" : lowercased.hasPrefix("https://") ? "https://" : nil
        guard let scheme, value.count > scheme.count, !value.contains(where: { $0 == " " || $0 == "\t" }) else {
            report(name, "'\(value)' is not valid; expected an http:// or https:// URL")
            return ""
        }
        var url = value
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// A vector dimension: required, a positive integer.
    fileprivate mutating func dimensions(_ name: String, for type: EmbeddingProviderType) -> Int {
        guard raw(name) != nil else {
            report(name, "is required with EMBEDDING_TYPE=\(type.rawValue); expected the dimension of the vectors, a positive integer")
            return 0
        }
        return optionalDimensions(name) ?? 0
    }

    /// A vector dimension when set: a positive integer.
    fileprivate mutating func optionalDimensions(_ name: String) -> Int? {
        guard let text = raw(name) else { return nil }
        guard let value = Int(text), (1...65_536).contains(value) else {
            report(name, "'\(text)' is not valid; expected a positive integer (the dimension of the vectors, at most 65536)")
            return nil
        }
        return value
    }
}
