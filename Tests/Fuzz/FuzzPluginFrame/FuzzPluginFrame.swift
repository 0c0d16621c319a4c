import FuzzSupport
import NIOCore
@testable import SkillHubPluginHost

/// The isolated-plugin frame decoder: frames are read from the bytes until one is incomplete or
/// malformed; each frame read writes back to the same bytes (its meta as parsed) and reads again equal.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPluginFrame(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    var buffer = ByteBuffer(bytes: FuzzInput(start, count).bytes)
    while let frame = try? IsolatedFrame.read(from: &buffer) {
        var written = ByteBuffer()
        frame.write(to: &written)
        let again = try? IsolatedFrame.read(from: &written)
        fuzzInvariant(again == frame, "frame \(frame) did not read back as written")
        fuzzInvariant(written.readableBytes == 0, "a written frame left \(written.readableBytes) bytes behind")
    }
    return 0
}
