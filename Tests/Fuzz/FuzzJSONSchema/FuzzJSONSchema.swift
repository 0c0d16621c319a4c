import FuzzSupport
import SkillHubCore
import SkillHubWire

/// The JSON Schema compiler and evaluator, both fuzzed: the input is a schema document, a NUL,
/// and an instance. Compiling either succeeds or throws `JSONSchemaError`; validation of any
/// instance returns (no trap, no endless `$ref` loop) and agrees with `isValid`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONSchema(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let (schemaBytes, instanceBytes) = FuzzInput(start, count).halves
    guard let document = try? JSONValue(parsing: Array(schemaBytes)),
          let schema = try? JSONSchema(document) else { return 0 }
    let instance = (try? JSONValue(parsing: Array(instanceBytes))) ?? .null
    let violations = schema.validate(instance)
    fuzzInvariant(violations.isEmpty == schema.isValid(instance), "validate and isValid disagree on \(instance)")
    _ = schema.fieldErrors(instance)
    return 0
}
