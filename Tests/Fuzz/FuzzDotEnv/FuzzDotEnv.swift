import FuzzSupport
import SkillHubCore

/// The `.env` parser: any text parses; names are never empty and carry no `=` or line break.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDotEnv(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let variables = DotEnvParser.parse(FuzzInput(start, count).text)
    for name in variables.keys {
        fuzzInvariant(!name.isEmpty, "an empty name")
        fuzzInvariant(!name.contains("=") && !name.contains("\n"), "name \(name.debugDescription)")
    }
    return 0
}
