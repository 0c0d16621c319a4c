import Foundation
import MemoryEngine
import SkillKit

/// `memory`: long-term memory for agents, on the host's services — memories are documents of
/// its store (searched by full text and vectors, fused), facts are extracted and reconciled by its
/// models, work that need not hold up the caller (extraction, the decay sweep) is deferred through
/// its `invoke_skill` and runs later, retried, on whichever instance claims it.
struct MemorySkill: Skill {
    let configuration: MemoryConfiguration

    init(context: SkillContext) async throws {
        configuration = try MemoryConfiguration(context)
        context.log(.info, "memory ready (decay \(configuration.decay.enabled ? "on, half-life \(configuration.decay.hotness.halfLifeDays) days" : "off"))")
    }

    func invoke(_ request: SkillRequest, context: SkillContext) async throws -> SkillResponse {
        let input = try MemoryInput(request.input)
        let records = MemoryRecords(context: context)
        try await records.prepare()
        let extractor = MemoryExtractor(configuration: configuration, records: records, context: context)
        let sessions = MemorySessions(configuration: configuration, records: records, extractor: extractor, context: context)
        let output: JSONValue
        switch request.capability {
        case "add": output = try await add(input, extractor: extractor, context: context)
        case "extract":
            let scope = try input.scope()
            let messages = try input.messages(maxCharacters: configuration.maxMessageCharacters)
            output = ["results": .array(try await extractor.remember(messages, scope: scope, metadata: try input.object("metadata"), actor: "extraction"))]
        case "search":
            let query = try input.string("query", required: true) ?? ""
            let results = try await MemorySearch(configuration: configuration, records: records, context: context).search(
                query, scope: try input.scope(), topK: try input.integer("top_k", default: 10, in: 1...100),
                threshold: try input.number("threshold", in: 0...1), includeArchived: try input.flag("include_archived", default: false)
            )
            output = ["results": .array(results)]
        case "list":
            let page = try await records.list(
                scope: try input.scope(), state: try input.flag("archived", default: false) ? "archived" : "active",
                limit: try input.integer("limit", default: 100, in: 1...500), offset: try input.integer("offset", default: 0, in: 0...10_000_000)
            )
            output = ["results": .array(page.documents.map(MemoryRecords.memory)), "total": .number(Double(page.total))]
        case "get": output = MemoryRecords.memory(try await records.document(try input.memoryID()))
        case "update":
            let document = try await records.document(try input.memoryID())
            guard let text = try input.string("text") ?? input.string("memory") else { throw SkillError(.invalidInput, "text is required") }
            guard text.count <= FactExtraction.maximumFactCharacters * 20 else { throw SkillError(.invalidInput, "text is longer than 20000 characters") }
            let updated = try await records.change(document, text: text, metadata: try input.object("metadata"), event: "UPDATE", actor: "api", now: context.now)
            output = MemoryRecords.memory(updated)
        case "delete":
            let document = try await records.document(try input.memoryID())
            _ = try await records.change(document, state: "deleted", event: "DELETE", actor: "api", now: context.now)
            output = ["deleted": true, "id": document["document_id"] ?? .null, "message": "Memory deleted successfully!"]
        case "delete_all": output = try await deleteAll(try input.scope(), records: records, context: context)
        case "history":
            let id = try input.memoryID()
            let document = try await context.store(["op": "document.get", "collection": .string(MemoryRecords.collection), "document_id": .string(id)])
            let entries = document["metadata"]?["history"]?.arrayValue ?? []
            output = ["results": .array(entries.map { entry in entry.merging(["memory_id": .string(id)]) })]
        case "restore":
            let id = try input.memoryID()
            let document = try await context.store(["op": "document.get", "collection": .string(MemoryRecords.collection), "document_id": .string(id)])
            guard document["metadata"]?["state"]?.stringValue == "archived" else { throw SkillError(.invalidInput, "memory \(id) is not archived") }
            output = MemoryRecords.memory(try await records.change(document, state: "active", event: "RESTORE", actor: "api", now: context.now))
        case "sweep":
            output = try await DecaySweep(configuration: configuration, records: records, context: context).run()
            try await scheduleSweep(context: context)
        case "create_session": output = try await sessions.create(input)
        case "add_session_messages": output = try await sessions.addMessages(input)
        case "commit_session", "extract_session": output = try await sessions.commit(input)
        case "session_context": output = try await sessions.context(input)
        case "get_session": output = try await context.sessions(["op": "session.get", "session_id": .string(try input.string("session_id", required: true) ?? ""), "messages": 200])
        case "delete_session": output = try await context.sessions(["op": "session.delete", "session_id": .string(try input.string("session_id", required: true) ?? "")])
        default: throw SkillError.unknownCapability(request.capability)
        }
        return try SkillResponse(json: output)
    }

    /// `add`: with `infer` (the default) the messages' facts are extracted — later, in a deferred
    /// job serialised per scope (the answer says `queued`), or now with `wait: true`; without, the
    /// text of each message is stored as it is.
    private func add(_ input: MemoryInput, extractor: MemoryExtractor, context: SkillContext) async throws -> JSONValue {
        let scope = try input.scope()
        let messages = try input.messages(maxCharacters: configuration.maxMessageCharacters)
        let metadata = try input.object("metadata")
        await scheduleSweepQuietly(context: context)
        guard try input.flag("infer", default: true) else {
            let type = try input.string("type").map { text in
                guard let type = MemoryType(rawValue: text) else { throw SkillError(.invalidInput, "type must be one of \(MemoryType.allCases.map(\.rawValue).joined(separator: ", "))") }
                return type
            } ?? .fact
            var results: [JSONValue] = []
            for message in messages where message.role != "system" {
                if let added = try await extractor.add(
                    message.text, type: type, scope: scope, metadata: metadata, expiration: try input.expiration(), actor: "api", now: context.now
                ) {
                    results.append(added)
                }
            }
            return ["results": .array(results)]
        }
        if try input.flag("wait", default: false) {
            var waiting = extractor
            waiting.deadline = .now + .milliseconds(configuration.waitTimeoutMilliseconds)
            do {
                return ["results": .array(try await waiting.remember(messages, scope: scope, metadata: metadata, actor: "extraction")), "status": "done"]
            } catch let error as SkillError where error.status == .unavailable || error.status == .timeout {
                context.log(.warning, "memory: extraction now failed (\(error.message)); deferred")
            }
        }
        var job = scope.fields
        job["messages"] = MemoryInput.json(messages)
        if let metadata { job["metadata"] = metadata }
        let deferred = try await context.deferSkill(
            "memory", capability: "extract", input: .object(job),
            delay: .milliseconds(configuration.extractionDelayMilliseconds), serial: "extract:" + scope.key
        )
        return ["results": [], "status": "queued", "job_id": .string(deferred.jobID)]
    }

    private func deleteAll(_ scope: MemoryScope, records: MemoryRecords, context: SkillContext) async throws -> JSONValue {
        var deleted = 0
        for state in ["active", "archived"] {
            while true {
                let page = try await records.list(scope: scope, state: state, limit: 500, offset: 0)
                for document in page.documents {
                    _ = try await records.change(document, state: "deleted", event: "DELETE", actor: "api", now: context.now)
                    deleted += 1
                }
                if page.documents.count < 500 { break }
            }
        }
        return ["deleted": .number(Double(deleted)), "message": "Memories deleted successfully!"]
    }

    /// ``scheduleSweep(context:)``, a failure logged: it must not fail the call that asked.
    func scheduleSweepQuietly(context: SkillContext) async {
        do {
            try await scheduleSweep(context: context)
        } catch {
            context.log(.warning, "memory: the decay sweep was not planned: \(error)")
        }
    }

    /// The account's next sweep, one pending at a time (a sweep already planned stays).
    private func scheduleSweep(context: SkillContext) async throws {
        _ = try await context.deferSkill(
            "memory", capability: "sweep", input: [:], delay: .seconds(configuration.sweepIntervalSeconds), key: "memory-decay-sweep"
        )
    }
}

@_cdecl("skillhub_plugin_entry")
public func skillhubPluginEntry(_ hostABIMajor: UInt16, _ hostABIMinor: UInt16) -> UnsafeRawPointer? {
    SkillExport.entry(MemorySkill.self)
}
