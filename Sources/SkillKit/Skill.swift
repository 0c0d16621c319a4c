@_exported public import SkillHubWire

/// A skill served by a SkillHub plugin, written in plain async Swift.
///
/// ```swift
/// struct Echo: Skill {
///     static let descriptor = SkillDescriptor(name: "echo", version: "1.0.0", capabilities: [.init(name: "echo")])
///     init(context: SkillContext) async throws {}
///     func invoke(_ request: SkillRequest, context: SkillContext) async throws -> SkillResponse {
///         SkillResponse(bytes: request.input)
///     }
/// }
///
/// @_cdecl("skillhub_plugin_entry")
/// public func entry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? { SkillExport.entry(Echo.self) }
/// ```
public protocol Skill: Sendable {
    /// What the plugin tells the host about itself.
    static var descriptor: SkillDescriptor { get }

    /// Starts the skill with its configuration; may take its time (load a model, warm a cache).
    init(context: SkillContext) async throws

    /// Answers one call. Called concurrently; throw ``SkillError`` to choose the status the caller sees.
    func invoke(_ request: SkillRequest, context: SkillContext) async throws -> SkillResponse

    /// Periodic work, about once a second (memory decay, cache trims). Does nothing by default.
    func tick(context: SkillContext) async
}

extension Skill {
    public func tick(context: SkillContext) async {}
}
