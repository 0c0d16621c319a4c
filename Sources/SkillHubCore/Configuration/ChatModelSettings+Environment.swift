extension ChatModelSettings {
    /// Reads the chat models: the numbered `MODEL_*_N` list, the shorthands, the local default, `CHAT_DEFAULT_MODEL`
    /// and the internal-task models, reporting one problem per bad variable.
    ///
    /// Shorthands, each adding one OpenAI-compatible model after the numbered ones (skipped with a warning when its
    /// name is taken):
    /// - `OPENAI_API_KEY` (seed 002): `OPENAI_MODEL` (`gpt-4o-mini`) at `OPENAI_BASE_URL` (`https://api.openai.com/v1`).
    /// - `OPENROUTER_API_KEY` (seed 003): `OPENROUTER_MODEL` (`openai/gpt-4o-mini`) at `OPENROUTER_BASE_URL`
    ///   (`https://openrouter.ai/api/v1`).
    /// - `ANTHROPIC_API_KEY` (seed 002): read only when `ANTHROPIC_BASE_URL` points at an OpenAI-compatible gateway
    ///   (LiteLLM, OpenRouter, Anthropic's compatibility endpoint …), model `ANTHROPIC_MODEL` (`claude-haiku-4-5`);
    ///   without it the key is ignored with a warning, since SkillHub does not speak Anthropic's Messages API.
    static func read(_ reader: inout EnvironmentReader) -> ChatModelSettings {
        var warnings: [String] = []
        var models = readNumberedModels(&reader, warnings: &warnings)
        var names: [String: String] = [:]
        for model in models {
            if let other = names[model.name] {
                reader.report(model.source.replacingOccurrences(of: "*", with: "NAME"), "'\(model.name)' is already the name of the model of \(other); names must be unique")
            } else {
                names[model.name] = model.source
            }
        }
        for model in readShorthands(&reader, warnings: &warnings) {
            if let other = names[model.name] {
                warnings.append("\(model.source): not added, the name '\(model.name)' is taken by the model of \(other)")
            } else {
                names[model.name] = model.source
                models.append(model)
            }
        }
        if models.isEmpty {
            models = [.local(baseURL: reader.chatURL("LLM_LOCAL_BASE_URL", default: defaultLocalBaseURL, required: "") ?? defaultLocalBaseURL)]
        }
        checkFallbacks(models, reader: &reader)

        var defaultName = models.first?.name ?? localModelName
        if let chosen = reader.raw("CHAT_DEFAULT_MODEL") {
            if names[chosen] != nil || models.contains(where: { $0.name == chosen }) {
                defaultName = chosen
            } else {
                reader.report("CHAT_DEFAULT_MODEL", "'\(chosen)' is not a configured model; expected one of \(models.map(\.name).joined(separator: ", "))")
            }
        }

        let builtin = readBuiltin(prefix: "", &reader)
        var tasks: [String: Model] = [:]
        for task in taskPrefixes(in: reader.values) {
            if let model = readBuiltin(prefix: task + "_", &reader) { tasks[task] = model }
        }
        for model in [builtin].compactMap({ $0 }) + tasks.values {
            if let other = names[model.name] {
                reader.report(other.replacingOccurrences(of: "*", with: "NAME"), "'\(model.name)' is reserved for the internal-task model of \(model.source)")
            }
        }
        return ChatModelSettings(models: models, defaultModelName: defaultName, builtinModel: builtin, taskModels: tasks, warnings: warnings)
    }

    /// `MODEL_*_0`, `MODEL_*_1`, … up to the first N with none of `MODEL_ID_N`, `MODEL_PROTOCOL_N`, `MODEL_NAME_N`.
    private static func readNumberedModels(_ reader: inout EnvironmentReader, warnings: inout [String]) -> [Model] {
        var models: [Model] = []
        var index = 0
        while index < 1000, ["ID", "PROTOCOL", "NAME"].contains(where: { reader.raw("MODEL_\($0)_\(index)") != nil }) {
            let variable = { (field: String) in "MODEL_\(field)_\(index)" }
            let provider = reader.choice(variable("PROTOCOL"), default: Provider.openai)
            let id = reader.raw(variable("ID"))
            if id == nil {
                reader.report(variable("ID"), "is required for model \(index) (\(variable("PROTOCOL")) or \(variable("NAME")) is set); expected the provider's model id")
            }
            let name = reader.modelName(variable("NAME"), default: id ?? "")
            let requirement = provider == .azure ? "is required with \(variable("PROTOCOL"))=azure (the resource's endpoint)" : ""
            let baseURL = reader.chatURL(variable("BASE_URL"), default: provider.defaultBaseURL, required: requirement)
            let apiVersion = reader.raw(variable("API_VERSION"))
            if provider == .azure, apiVersion == nil {
                reader.report(variable("API_VERSION"), "is required with \(variable("PROTOCOL"))=azure; expected Azure's api-version, such as 2024-10-21")
            }
            models.append(Model(
                name: name, modelID: id ?? "", provider: provider, baseURL: baseURL ?? "", apiKey: reader.raw(variable("API_KEY")),
                azureAPIVersion: provider == .azure ? apiVersion : nil,
                fallbacks: reader.nameList(variable("FALLBACKS")),
                timeout: .milliseconds(reader.integer(variable("TIMEOUT_MS"), default: 60_000, in: 100...3_600_000)),
                source: "MODEL_*_\(index)"
            ))
            index += 1
        }
        let later = reader.values.keys.compactMap { key -> Int? in
            guard key.hasPrefix("MODEL_"), reader.raw(key) != nil, let number = key.split(separator: "_").last.flatMap({ Int($0) }) else { return nil }
            return number > index ? number : nil
        }
        if let first = later.min() {
            warnings.append("MODEL_*_\(first) and later are ignored: the numbered model list stops at the first missing N (\(index))")
        }
        return models
    }

    private static func readShorthands(_ reader: inout EnvironmentReader, warnings: inout [String]) -> [Model] {
        var models: [Model] = []
        if let key = reader.raw("OPENAI_API_KEY") {
            let id = reader.string("OPENAI_MODEL", default: "gpt-4o-mini")
            let baseURL = reader.chatURL("OPENAI_BASE_URL", default: Provider.openai.defaultBaseURL, required: "")
            models.append(Model(name: id, modelID: id, provider: .openai, baseURL: baseURL ?? "", apiKey: key, source: "OPENAI_API_KEY"))
        }
        if let key = reader.raw("OPENROUTER_API_KEY") {
            let id = reader.string("OPENROUTER_MODEL", default: "openai/gpt-4o-mini")
            let baseURL = reader.chatURL("OPENROUTER_BASE_URL", default: Provider.openrouter.defaultBaseURL, required: "")
            models.append(Model(name: id, modelID: id, provider: .openrouter, baseURL: baseURL ?? "", apiKey: key, source: "OPENROUTER_API_KEY"))
        }
        if let key = reader.raw("ANTHROPIC_API_KEY") {
            if reader.raw("ANTHROPIC_BASE_URL") != nil {
                let id = reader.string("ANTHROPIC_MODEL", default: "claude-haiku-4-5")
                let baseURL = reader.chatURL("ANTHROPIC_BASE_URL", default: nil, required: "")
                models.append(Model(name: id, modelID: id, provider: .openai, baseURL: baseURL ?? "", apiKey: key, source: "ANTHROPIC_API_KEY"))
            } else {
                warnings.append("ANTHROPIC_API_KEY is ignored: set ANTHROPIC_BASE_URL to an OpenAI-compatible gateway in front of Anthropic (SkillHub speaks the OpenAI and Ollama chat APIs)")
            }
        }
        return models
    }

    /// Unknown fallbacks, a model falling back to itself, and cycles are problems naming `MODEL_FALLBACKS_N`.
    private static func checkFallbacks(_ models: [Model], reader: inout EnvironmentReader) {
        let byName = Dictionary(models.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for model in models where !model.fallbacks.isEmpty {
            let variable = model.source.replacingOccurrences(of: "*", with: "FALLBACKS")
            for fallback in model.fallbacks where byName[fallback] == nil {
                reader.report(variable, "'\(fallback)' is not a configured model; expected a comma-separated list of \(models.map(\.name).joined(separator: ", "))")
            }
            if model.fallbacks.contains(model.name) {
                reader.report(variable, "'\(model.name)' names the model itself")
                continue
            }
            // A path from this model back to itself through fallbacks.
            var path: [String] = [model.name]
            func cycle(from name: String) -> [String]? {
                for next in byName[name]?.fallbacks ?? [] {
                    if next == model.name { return path + [next] }
                    guard !path.contains(next) else { continue }
                    path.append(next)
                    if let found = cycle(from: next) { return found }
                    path.removeLast()
                }
                return nil
            }
            if let found = cycle(from: model.name), found.count > 2 {
                reader.report(variable, "makes a cycle of fallbacks: \(found.joined(separator: " → "))")
            }
        }
    }

    /// The task prefixes of `<TASK>_BUILTIN_CM_*` variables, such as `M2Q` and `MEM`.
    private static func taskPrefixes(in values: [String: String]) -> [String] {
        var prefixes: Set<String> = []
        for (key, value) in values where !value.trimmingWhitespace().isEmpty {
            guard let range = key.range(of: "_BUILTIN_CM_") else { continue }
            let prefix = String(key[..<range.lowerBound])
            if !prefix.isEmpty, prefix.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) {
                prefixes.insert(prefix)
            }
        }
        return prefixes.sorted()
    }

    /// `<prefix>BUILTIN_CM_TYPE` and the chosen provider's `<prefix>BUILTIN_CM_<PROVIDER>_{BASE_URL,API_KEY,MODEL}`
    /// (`_BY_AZURE`, `_API_VERSION` for OpenAI; `_TIMEOUT_MS` for any), each falling back to the variable without the
    /// prefix. Nil when no type is set.
    private static func readBuiltin(prefix: String, _ reader: inout EnvironmentReader) -> Model? {
        // The prefixed variable when set, else the general one.
        func name(_ suffix: String) -> String {
            reader.raw(prefix + "BUILTIN_CM_" + suffix) != nil ? prefix + "BUILTIN_CM_" + suffix : "BUILTIN_CM_" + suffix
        }
        let typeVariable = name("TYPE")
        guard reader.raw(typeVariable) != nil else {
            if !prefix.isEmpty {
                reader.report(prefix + "BUILTIN_CM_TYPE", "is required when \(prefix)BUILTIN_CM_* variables are set and BUILTIN_CM_TYPE is not; expected one of \(Provider.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return nil
        }
        var provider = reader.choice(typeVariable, default: Provider.openai)
        let group = provider.rawValue.uppercased() + "_"
        let modelVariable = name(group + "MODEL")
        let id = reader.raw(modelVariable)
        if id == nil {
            reader.report(prefix + "BUILTIN_CM_" + group + "MODEL", "is required with \(typeVariable)=\(provider.rawValue); expected the provider's model id")
        }
        var apiVersion: String?
        if provider == .openai, reader.boolean(name(group + "BY_AZURE"), default: false) {
            provider = .azure
        }
        if provider == .azure {
            apiVersion = reader.raw(name(group + "API_VERSION"))
            if apiVersion == nil {
                reader.report(prefix + "BUILTIN_CM_" + group + "API_VERSION", "is required for Azure OpenAI; expected Azure's api-version, such as 2024-10-21")
            }
        }
        let baseVariable = name(group + "BASE_URL")
        let baseURL = reader.chatURL(baseVariable, default: provider.defaultBaseURL, required: "is required with \(typeVariable)=\(provider.rawValue)")
        let task = prefix.isEmpty ? "" : ":" + prefix.dropLast().lowercased()
        return Model(
            name: builtinModelName + task, modelID: id ?? "", provider: provider, baseURL: baseURL ?? "",
            apiKey: reader.raw(name(group + "API_KEY")), azureAPIVersion: apiVersion,
            timeout: .milliseconds(reader.integer(name("TIMEOUT_MS"), default: 60_000, in: 100...3_600_000)),
            source: prefix + "BUILTIN_CM_*"
        )
    }

    /// The effective settings as `(variable, value)` pairs, the API keys masked.
    public var maskedSummary: [(name: String, value: String)] {
        func describe(_ model: Model) -> String {
            var parts = ["name=\(model.name)", "provider=\(model.provider.rawValue)", "id=\(model.modelID)", "base_url=\(model.baseURL)"]
            parts.append("api_key=" + (model.apiKey.map(SkillHubConfiguration.mask) ?? "(not set)"))
            if let version = model.azureAPIVersion { parts.append("api_version=\(version)") }
            if !model.fallbacks.isEmpty { parts.append("fallbacks=\(model.fallbacks.joined(separator: ","))") }
            parts.append("timeout_ms=\(model.timeout.components.seconds * 1000 + model.timeout.components.attoseconds / 1_000_000_000_000_000)")
            return parts.joined(separator: " ")
        }
        var summary: [(name: String, value: String)] = models.map { ($0.source, describe($0)) }
        summary.append(("CHAT_DEFAULT_MODEL", defaultModelName))
        summary.append(("BUILTIN_CM_*", builtinModel.map(describe) ?? "(not set: the default chat model)"))
        for (task, model) in taskModels.sorted(by: { $0.key < $1.key }) {
            summary.append(("\(task)_BUILTIN_CM_*", describe(model)))
        }
        return summary
    }
}

extension EnvironmentReader {
    /// An `http://` or `https://` URL without a trailing slash, or `defaultValue`; when neither is there, a problem
    /// saying `required` (nothing when `required` is empty) and nil.
    fileprivate mutating func chatURL(_ name: String, default defaultValue: String?, required: String) -> String? {
        guard let value = raw(name) ?? defaultValue else {
            if !required.isEmpty { report(name, "\(required); expected an http:// or https:// URL") }
            return nil
        }
        let lowercased = value.lowercased()
        let scheme = lowercased.hasPrefix("http://") ? "http://" : lowercased.hasPrefix("https://") ? "https://" : nil
        guard let scheme, value.count > scheme.count, !value.contains(where: { $0 == " " || $0 == "\t" }) else {
            report(name, "'\(value)' is not valid; expected an http:// or https:// URL")
            return nil
        }
        var url = value
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// A model name: not empty, no commas or whitespace (fallback lists are comma-separated).
    fileprivate mutating func modelName(_ name: String, default defaultValue: String) -> String {
        let value = raw(name) ?? defaultValue
        if value.contains(where: { $0 == "," || $0.isWhitespace }) {
            report(name, "'\(value)' is not valid; a model name may not contain commas or spaces")
        }
        return value
    }

    /// A comma-separated list of names, empty entries dropped.
    fileprivate func nameList(_ name: String) -> [String] {
        (raw(name) ?? "").split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
