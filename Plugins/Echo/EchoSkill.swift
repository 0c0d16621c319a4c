import SkillKit

/// `echo`: the example plugin in Swift, one capability per thing SkillKit
/// offers. `echo` answers its input; `reverse` reverses a text; `stream`
/// streams a text word by word; `remember` and `recall` keep a value in the
/// host's key-value store (per tenant); `fetch` GETs a URL through the host;
/// `relay` calls another skill through the host's dispatcher; `defer` asks the
/// host to call another skill later (a deferred invocation); `trace` answers the
/// W3C trace context the host passed with the call (ABI 1.2).
struct EchoSkill: Skill {
    static let descriptor = SkillDescriptor(
        name: "echo",
        version: "1.0.0",
        description: "Answers its input (Swift, through SkillKit) and shows off the host services",
        capabilities: [
            .init(name: "echo", description: "returns the input unchanged", category: "test"),
            .init(name: "reverse", description: "reverses a text", category: "test", parameters: textSchema),
            .init(name: "stream", description: "streams a text word by word, then answers the word count", category: "test", parameters: textSchema, streaming: true),
            .init(
                name: "remember", description: "keeps a text under a key for the caller's tenant", category: "test",
                parameters: ["type": "object", "required": ["key", "value"], "properties": ["key": ["type": "string", "minLength": 1], "value": ["type": "string"], "ttl_ms": ["type": "integer", "minimum": 1]]],
                idempotent: false
            ),
            .init(name: "recall", description: "the text kept under a key, or null", category: "test", parameters: ["type": "object", "required": ["key"], "properties": ["key": ["type": "string", "minLength": 1]]]),
            .init(name: "fetch", description: "GETs a URL through the host and answers its status and body", category: "test", parameters: ["type": "object", "required": ["url"], "properties": ["url": ["type": "string"]]]),
            .init(
                name: "relay", description: "calls another skill through the host and answers its output", category: "test",
                parameters: ["type": "object", "required": ["skill"], "properties": ["skill": ["type": "string"], "capability": ["type": "string"], "input": ["type": "object"]]]
            ),
            .init(
                name: "defer", description: "asks the host to call another skill later and answers the job", category: "test",
                parameters: [
                    "type": "object", "required": ["skill"],
                    "properties": [
                        "skill": ["type": "string"], "capability": ["type": "string"], "input": ["type": "object"], "session_id": ["type": "string"],
                        "delay_ms": ["type": "integer"], "key": ["type": "string"], "serial": ["type": "string"], "max_attempts": ["type": "integer"],
                    ],
                ],
                idempotent: false
            ),
            .init(name: "trace", description: "answers the trace context the host passed with the call ({} when none)", category: "test"),
        ],
        services: ["http", "kv", "invoke"]
    )

    static let textSchema: JSONValue = ["type": "object", "required": ["text"], "properties": ["text": ["type": "string"]]]

    struct Text: Codable { var text: String }
    struct Entry: Codable { var key: String; var value: String?; var ttlMS: Int?
        enum CodingKeys: String, CodingKey { case key, value, ttlMS = "ttl_ms" }
    }
    struct Fetch: Codable { var url: String }
    struct Fetched: Codable { var status: Int; var body: String }
    struct Relay: Codable { var skill: String; var capability: String?; var input: JSONValue? }
    struct Count: Codable { var words: Int }
    struct Deferral: Codable {
        var skill: String; var capability: String?; var input: JSONValue?; var sessionID: String?
        var delayMS: Int?; var key: String?; var serial: String?; var maxAttempts: Int?
        enum CodingKeys: String, CodingKey {
            case skill, capability, input, sessionID = "session_id", delayMS = "delay_ms", key, serial, maxAttempts = "max_attempts"
        }
    }
    struct Deferred: Codable {
        var jobID: String; var runAfter: String?; var duplicate: Bool
        enum CodingKeys: String, CodingKey { case jobID = "job_id", runAfter = "run_after", duplicate }
    }

    init(context: SkillContext) async throws {
        context.log(.info, "echo ready")
    }

    func invoke(_ request: SkillRequest, context: SkillContext) async throws -> SkillResponse {
        switch request.capability {
        case "echo":
            return SkillResponse(bytes: request.input)
        case "reverse":
            let input = try request.decode(Text.self)
            return try SkillResponse(json: Text(text: String(input.text.reversed())))
        case "stream":
            let words = try request.decode(Text.self).text.split(separator: " ")
            for word in words { try context.stream(json: Text(text: String(word))) }
            return try SkillResponse(json: Count(words: words.count))
        case "remember":
            let entry = try request.decode(Entry.self)
            try await context.setValue(Array((entry.value ?? "").utf8), for: entry.key, ttl: entry.ttlMS.map { .milliseconds($0) })
            return try SkillResponse(json: entry)
        case "recall":
            let key = try request.decode(Entry.self).key
            let value = try await context.value(for: key).map { String(decoding: $0, as: UTF8.self) }
            return try SkillResponse(json: Entry(key: key, value: value))
        case "fetch":
            let response = try await context.http(HostHTTPRequest(url: try request.decode(Fetch.self).url))
            return try SkillResponse(json: Fetched(status: response.status, body: String(decoding: response.body, as: UTF8.self)))
        case "trace":
            guard let trace = await context.traceContext() else { return SkillResponse(bytes: Array("{}".utf8)) }
            return try SkillResponse(json: trace)
        case "relay":
            let relay = try request.decode(Relay.self)
            return try SkillResponse(json: try await context.invokeSkill(relay.skill, capability: relay.capability, input: relay.input ?? [:]))
        case "defer":
            let deferral = try request.decode(Deferral.self)
            let job = try await context.deferSkill(
                deferral.skill, capability: deferral.capability, input: deferral.input ?? [:], sessionID: deferral.sessionID,
                delay: deferral.delayMS.map { .milliseconds($0) }, key: deferral.key, serial: deferral.serial, maxAttempts: deferral.maxAttempts
            )
            return try SkillResponse(json: Deferred(jobID: job.jobID, runAfter: job.runAfter, duplicate: job.duplicate))
        default:
            throw SkillError.unknownCapability(request.capability)
        }
    }
}

@_cdecl("skillhub_plugin_entry")
public func skillhubPluginEntry(_ hostABIMajor: UInt16, _ hostABIMinor: UInt16) -> UnsafeRawPointer? {
    SkillExport.entry(EchoSkill.self)
}
