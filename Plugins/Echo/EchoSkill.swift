import SkillKit

/// `echo`: the example plugin in Swift. Capability `echo` answers its input;
/// `reverse` answers `{"text": …}` with the text reversed.
struct EchoSkill: Skill {
    static let descriptor = SkillDescriptor(
        name: "echo",
        version: "1.0.0",
        description: "Answers its input (Swift, through SkillKit)",
        capabilities: [
            .init(name: "echo", description: "returns the input unchanged", category: "test"),
            .init(name: "reverse", description: "reverses a text", category: "test", parameters: ["type": "object", "required": ["text"], "properties": ["text": ["type": "string"]]]),
        ]
    )

    struct Text: Codable {
        var text: String
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
        default:
            throw SkillError.unknownCapability(request.capability)
        }
    }
}

@_cdecl("skillhub_plugin_entry")
public func skillhubPluginEntry(_ hostABIMajor: UInt16, _ hostABIMinor: UInt16) -> UnsafeRawPointer? {
    SkillExport.entry(EchoSkill.self)
}
