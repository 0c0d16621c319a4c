import Foundation
import SkillHubCore

extension PluginHostServices {
    /// The `http` service on its JSON wire form (the ABI's and the plugin-host socket's).
    func http(json request: [UInt8], for plugin: String) async throws -> [UInt8] {
        let decoded: HostHTTPRequest
        do {
            decoded = try JSONDecoder().decode(HostHTTPRequest.self, from: Data(request))
        } catch {
            throw PluginCallError(status: .invalidInput, message: "the http request is not {method, url, headers, body_base64, timeout_ms}: \(error)")
        }
        return Array(try JSONEncoder().encode(try await http(decoded, for: plugin)))
    }

    /// The `invoke_skill` service on its JSON wire form.
    func invokeSkill(json request: [UInt8], origin: PluginCallOrigin?, for plugin: String) async throws -> [UInt8] {
        let decoded: PluginSkillRequest
        do {
            decoded = try JSONDecoder().decode(PluginSkillRequest.self, from: Data(request))
        } catch let error as PluginCallError {
            throw error
        } catch {
            throw PluginCallError(status: .invalidInput, message: "the skill request is not {skill, capability, input, session_id, defer}: \(error)")
        }
        return try await invokeSkill(decoded, origin: origin, for: plugin)
    }

    /// `kv_get`, failing with ``PluginStatus/notFound`` when there is no value.
    func requiredValue(for key: String, in namespace: PluginNamespace) async throws -> [UInt8] {
        guard let value = try await value(for: key, in: namespace) else {
            throw PluginCallError(status: .notFound, message: "no value under '\(key)'")
        }
        return value
    }
}
