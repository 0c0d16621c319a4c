import Foundation
import NIOCore
import NIOPosix
import SkillHubCore

/// One message between the server and a `skillhub plugin-host` child process,
/// on the Unix socket pair that joins them.
///
/// On the wire: a 4-byte big-endian length of the rest, then the kind (1
/// byte), the id (8 bytes), the status (4 bytes), the length of `meta` (4
/// bytes), `meta` as a JSON object, and `body` (raw bytes) to the end.
struct IsolatedFrame: Sendable, Equatable {
    enum Kind: UInt8, Sendable {
        /// server → child: initialise the plugin; meta `{"configuration"}`.
        case start = 1
        /// child → server: the plugin runs; meta `{"abi"}`, body its descriptor JSON.
        case ready = 2
        /// child → server: loading or initialising failed; body the reason.
        case failed = 3
        /// server → child: call `id`; meta `{"capability", "timeout_ms", "streaming", "origin"?}`, body the input.
        case invoke = 4
        /// child → server: call `id` ended with `status`; body its output or message.
        case complete = 5
        /// child → server: one chunk of call `id`'s streaming answer.
        case chunk = 6
        /// server → child: run the plugin's periodic work.
        case tick = 7
        /// server → child: finish the calls in flight, shut the plugin down and exit.
        case shutdown = 8
        /// child → server: host service request `id`; meta `{"service", "origin"?, "key"?, "ttl_ms"?, …}`, body its bytes.
        case service = 9
        /// server → child: the answer to service request `id`, with `status`.
        case serviceReply = 10
        /// server → child: one piece of service request `id`'s streamed answer (`model`), before its `serviceReply`.
        case serviceChunk = 11
        /// either way: the sender no longer waits for its request `id` (server → child: an invoke
        /// whose caller went away; child → server: a host-service request of a call that ended);
        /// the receiver stops the work. An answer that still comes is ignored.
        case cancel = 12
    }

    var kind: Kind
    var id: UInt64 = 0
    var status: UInt32 = 0
    var meta: JSONValue = [:]
    var body: [UInt8] = []

    /// The largest frame either side accepts.
    static let maximumLength = 64 << 20
    /// The largest body a frame carries with room to spare for its metadata.
    static let maximumBody = 60 << 20
    static let headerLength = 1 + 8 + 4 + 4

    func write(to buffer: inout ByteBuffer) {
        let metaBytes = (try? JSONEncoder().encode(meta)) ?? Data("{}".utf8)
        buffer.writeInteger(UInt32(Self.headerLength + metaBytes.count + body.count))
        buffer.writeInteger(kind.rawValue)
        buffer.writeInteger(id)
        buffer.writeInteger(status)
        buffer.writeInteger(UInt32(metaBytes.count))
        buffer.writeBytes(metaBytes)
        buffer.writeBytes(body)
    }

    /// Reads one whole frame, or nil when `buffer` does not hold one yet.
    static func read(from buffer: inout ByteBuffer) throws -> IsolatedFrame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        guard Int(length) >= headerLength, Int(length) <= maximumLength else { throw IsolatedProtocolError("a frame of \(length) bytes") }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        guard let rawKind = buffer.readInteger(as: UInt8.self), let kind = Kind(rawValue: rawKind),
              let id = buffer.readInteger(as: UInt64.self), let status = buffer.readInteger(as: UInt32.self),
              let metaLength = buffer.readInteger(as: UInt32.self), Int(metaLength) <= Int(length) - headerLength,
              let metaBytes = buffer.readBytes(length: Int(metaLength)),
              let body = buffer.readBytes(length: Int(length) - headerLength - Int(metaLength))
        else { throw IsolatedProtocolError("a malformed frame") }
        let meta = (try? JSONValue(parsing: metaBytes)) ?? [:]
        return IsolatedFrame(kind: kind, id: id, status: status, meta: meta, body: body)
    }
}

/// The other side broke the framing; the connection is dropped.
struct IsolatedProtocolError: Error, CustomStringConvertible {
    let description: String
    init(_ what: String) { description = "plugin-host protocol: unexpected \(what)" }
}

/// Splits the byte stream into frames.
struct IsolatedFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = IsolatedFrame

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try IsolatedFrame.read(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }
}

/// Writes frames to the byte stream.
struct IsolatedFrameEncoder: MessageToByteEncoder {
    typealias OutboundIn = IsolatedFrame

    func encode(data: IsolatedFrame, out: inout ByteBuffer) {
        data.write(to: &out)
    }
}

extension PluginCallOrigin {
    /// The origin as frame metadata (the child hands it back with its service requests).
    var frameMeta: JSONValue {
        var fields: [String: JSONValue] = [
            "user": .string(principal.userID), "role": .string(principal.role.rawValue),
            "request_id": .string(requestID), "depth": .number(Double(depth)),
        ]
        if let account = principal.accountID { fields["account"] = .string(account) }
        if let trace {
            fields["traceparent"] = .string(trace.traceparent)
            if let state = trace.traceState { fields["tracestate"] = .string(state) }
        }
        return .object(fields)
    }

    init?(frameMeta meta: JSONValue?) {
        guard let meta, let user = meta["user"]?.stringValue, let role = meta["role"]?.stringValue.flatMap(Role.init(rawValue:)),
              let requestID = meta["request_id"]?.stringValue
        else { return nil }
        self.init(
            principal: Principal(accountID: meta["account"]?.stringValue, userID: user, role: role),
            requestID: requestID, depth: meta["depth"]?.intValue ?? 0,
            trace: meta["traceparent"]?.stringValue.flatMap { TraceContext(traceparent: $0, tracestate: meta["tracestate"]?.stringValue) }
        )
    }
}

extension PluginCallChannel {
    /// Wraps a connected Unix socket in a channel that speaks frames.
    static func connect(socket descriptor: CInt, on group: any EventLoopGroup) async throws -> PluginCallChannel {
        try await ClientBootstrap(group: group).withConnectedSocket(descriptor) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(IsolatedFrameDecoder()))
                try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(IsolatedFrameEncoder()))
                return try PluginCallChannel(wrappingChannelSynchronously: channel)
            }
        }
    }
}

/// A frame channel between the server and a plugin-host child.
typealias PluginCallChannel = NIOAsyncChannel<IsolatedFrame, IsolatedFrame>
