import FuzzSupport
import SkillHubStorage

/// The migration SQL splitter: any script splits; statements are trimmed and non-empty, and
/// splitting a statement again yields itself (a statement never hides a top-level `;`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQLSplitter(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let statements = SQLStatementSplitter.split(FuzzInput(start, count).text)
    for statement in statements {
        fuzzInvariant(!statement.isEmpty, "an empty statement")
        let again = SQLStatementSplitter.split(statement)
        fuzzInvariant(again.count <= 1, "statement \(statement.debugDescription) splits again into \(again)")
    }
    return 0
}
