import NIOCore
import Testing

@testable import SkillHubRedis

@Suite("RESP codec (hiredis)")
struct RESPCodecTests {
    func parse(_ text: String) throws -> [RESPValue] {
        try parse(bytes: Array(text.utf8))
    }

    func parse(bytes: [UInt8], chunk: Int = .max) throws -> [RESPValue] {
        let parser = try RESPReplyParser()
        var replies: [RESPValue] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            try bytes[offset..<end].withUnsafeBytes { try parser.feed($0) }
            while let reply = try parser.next() { replies.append(reply) }
            offset = end
        }
        return replies
    }

    @Test func encodesCommandsAsArraysOfBulkStrings() throws {
        var buffer = ByteBuffer()
        try RESPCommandEncoder.encode(RedisCommand("SET", ["key", "value"]), into: &buffer)
        #expect(String(buffer: buffer) == "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n")
    }

    @Test func encodingIsBinarySafe() throws {
        var buffer = ByteBuffer()
        let binary: [UInt8] = [0, 13, 10, 255, 36, 42]
        try RESPCommandEncoder.encode(RedisCommand("SET", ["k", RedisArgument(bytes: binary), RedisArgument(bytes: [])]), into: &buffer)
        let expected = Array("*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\n".utf8) + binary + Array("\r\n$0\r\n\r\n".utf8)
        #expect(buffer.readableBytesView.elementsEqual(expected))
    }

    @Test func decodesEveryReplyType() throws {
        let replies = try parse("+OK\r\n-ERR wrong type\r\n:-42\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n*0\r\n$0\r\n\r\n")
        #expect(replies == [.simpleString("OK"), .error("ERR wrong type"), .integer(-42), .bulkString(Array("hello".utf8)), .null, .null, .array([]), .bulkString([])])
    }

    @Test func bulkStringsAreBinarySafe() throws {
        let payload: [UInt8] = [0, 13, 10, 0, 255]
        let replies = try parse(bytes: Array("$5\r\n".utf8) + payload + Array("\r\n".utf8))
        #expect(replies == [.bulkString(payload)])
    }

    @Test func decodesNestedArrays() throws {
        let replies = try parse("*3\r\n:1\r\n*2\r\n$1\r\na\r\n*1\r\n$-1\r\n+x\r\n")
        #expect(replies == [.array([.integer(1), .array([.bulkString([97]), .array([.null])]), .simpleString("x")])])
    }

    @Test(arguments: [1, 2, 3, 7])
    func repliesSplitAcrossReadsAreReassembled(chunk: Int) throws {
        let text = "*2\r\n$11\r\nhello world\r\n:12345\r\n+PONG\r\n$3\r\nend\r\n"
        let replies = try parse(bytes: Array(text.utf8), chunk: chunk)
        #expect(replies == [.array([.bulkString(Array("hello world".utf8)), .integer(12345)]), .simpleString("PONG"), .bulkString(Array("end".utf8))])
    }

    @Test func incompleteReplyWaitsForMoreBytes() throws {
        let parser = try RESPReplyParser()
        try Array("$10\r\nhello".utf8).withUnsafeBytes { try parser.feed($0) }
        #expect(try parser.next() == nil)
        try Array("world\r\n".utf8).withUnsafeBytes { try parser.feed($0) }
        #expect(try parser.next() == .bulkString(Array("helloworld".utf8)))
    }

    /// Found by FuzzRESP (Tests/Fuzz): hiredis allocated an announced array's table up front (5.4 GB here).
    @Test func anArrayHeaderAnnouncingTooManyElementsIsAProtocolError() throws {
        let parser = try RESPReplyParser()
        #expect(throws: RedisClientError.self) {
            try Array("*679000000\r\n".utf8).withUnsafeBytes { try parser.feed($0) }
            _ = try parser.next()
        }
        let bounded = try RESPReplyParser()
        try Array("*3\r\n:1\r\n:2\r\n:3\r\n".utf8).withUnsafeBytes { try bounded.feed($0) }
        #expect(try bounded.next() != nil)
    }

    @Test func garbageIsAProtocolError() throws {
        #expect(throws: RedisClientError.self) { try parse("?what\r\n") }
    }

    @Test func valueAccessorsConvert() {
        #expect(RESPValue.bulkString(Array("12".utf8)).integer == 12)
        #expect(RESPValue.bulkString(Array("1.5".utf8)).double == 1.5)
        #expect(RESPValue.simpleString("OK").string == "OK")
        #expect(RESPValue.null.string == nil)
        #expect(RESPValue.integer(3).string == nil)
    }
}
