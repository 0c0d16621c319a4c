import OCREngine
import SkillKit

/// The remote providers' HTTP, sent through the host with the context of the call being served.
enum HostTransport {
    /// The context of the current call; set around each recognition.
    @TaskLocal static var context: SkillContext?

    /// Sends with the current call's context, else with `fallback` (the plugin's own).
    static func transport(fallback: SkillContext) -> OCRHTTPTransport {
        { request in
            let response = try await (context ?? fallback).http(HostHTTPRequest(
                method: request.method, url: request.url, headers: request.headers, body: request.body, timeout: request.timeout
            ))
            return OCRHTTPResponse(status: response.status, body: response.body)
        }
    }
}
