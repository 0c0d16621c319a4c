import FuzzSupport
@testable import SkillHubRedis

/// The RESP reply parser: bytes fed in the split the first byte chooses, replies taken until it
/// needs more or throws; a protocol error ends the run as it ends a connection.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRESP(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let (choice, rest) = FuzzInput(start, count).selector
    let stride = max(1, Int(choice))
    guard let parser = try? RESPReplyParser() else { return 0 }
    var offset = rest.startIndex
    do {
        while offset < rest.endIndex {
            let end = min(offset + stride, rest.endIndex)
            try rest[offset..<end].withUnsafeBytes { try parser.feed($0) }
            while try parser.next() != nil {}
            offset = end
        }
    } catch {
        return 0
    }
    return 0
}
