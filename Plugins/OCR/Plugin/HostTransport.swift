import OCREngine
import SkillKit

/// The remote providers' HTTP, sent through the host with the context of the call being served.
enum HostTransport {
    /// The context of the current call; set around each recognition.
    @TaskLocal static var context: SkillContext?

    /// Sends with the current call's context, else with `fallback` (the plugin's own).
    static func transport(fallback: SkillContext) -> HostHTTPTransport {
        { request in try await (context ?? fallback).http(request) }
    }
}
