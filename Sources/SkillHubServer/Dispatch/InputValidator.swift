import NIOConcurrencyHelpers
import SkillHubCore

/// Checks a call's input against its capability's JSON Schema before any
/// endpoint is called. Schemas are compiled once and kept (at most
/// ``capacity`` of them; the set starts over when full).
final class InputValidator: Sendable {
    private let compiled = NIOLockedValueBox<[JSONValue: JSONSchema]>([:])
    let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// Throws 400 (1001) listing every violation, each with its path under `field`.
    func validate(_ input: JSONValue, against parameters: JSONValue, field: String) throws {
        if case .object(let keywords) = parameters, keywords.isEmpty { return }
        let problems = try schema(for: parameters).fieldErrors(input, root: field)
        guard problems.isEmpty else { throw SkillHubError.invalidFields(problems) }
    }

    private func schema(for parameters: JSONValue) throws -> JSONSchema {
        if let schema = compiled.withLockedValue({ $0[parameters] }) { return schema }
        let schema: JSONSchema
        do {
            schema = try JSONSchema(parameters)
        } catch {
            // Registration refuses unusable schemas; one from before that rule cannot check anything.
            throw SkillHubError(.internalError, "the capability's parameters are not a usable JSON Schema: \(error)")
        }
        compiled.withLockedValue { compiled in
            if compiled.count >= capacity { compiled.removeAll(keepingCapacity: true) }
            compiled[parameters] = schema
        }
        return schema
    }
}
