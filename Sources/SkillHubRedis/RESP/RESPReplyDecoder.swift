import NIOCore

/// A channel decoder that turns inbound bytes into ``RESPValue`` replies.
final class RESPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPValue

    private let parser: RESPReplyParser

    init() throws {
        parser = try RESPReplyParser()
    }

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        try buffer.withUnsafeReadableBytes { try parser.feed($0) }
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        while let reply = try parser.next() {
            context.fireChannelRead(wrapInboundOut(reply))
        }
        return .needMoreData
    }

    func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
