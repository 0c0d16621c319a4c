import CHiredis
import NIOCore

/// Encodes commands as RESP arrays of bulk strings with hiredis's
/// `redisFormatCommandArgv`.
struct RESPCommandEncoder: MessageToByteEncoder {
    typealias OutboundIn = RedisCommand

    func encode(data command: RedisCommand, out: inout ByteBuffer) throws {
        try Self.encode(command, into: &out)
    }

    static func encode(_ command: RedisCommand, into buffer: inout ByteBuffer) throws {
        let parts = [Array(command.name.utf8)] + command.arguments.map(\.bytes)
        var storage: [UInt8] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(parts.count)
        for part in parts {
            offsets.append(storage.count)
            storage.append(contentsOf: part)
        }
        storage.append(0)  // a valid address even for empty trailing arguments
        var lengths = parts.map(\.count)

        try storage.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { throw RedisClientError.encodingFailed(command.name) }
            var argv: [UnsafePointer<CChar>?] = offsets.map {
                base.advanced(by: $0).assumingMemoryBound(to: CChar.self)
            }
            var formatted: UnsafeMutablePointer<CChar>?
            let length = argv.withUnsafeMutableBufferPointer { argvPointer in
                lengths.withUnsafeMutableBufferPointer { lengthsPointer in
                    redisFormatCommandArgv(&formatted, Int32(parts.count), argvPointer.baseAddress, lengthsPointer.baseAddress)
                }
            }
            guard length > 0, let formatted else { throw RedisClientError.encodingFailed(command.name) }
            defer { redisFreeCommand(formatted) }
            buffer.writeBytes(UnsafeRawBufferPointer(start: formatted, count: Int(length)))
        }
    }
}
