import NIOCore
import SkillHubCore

/// The events of a streamed `invoke`: each piece as a `chunk` event, then the JSON answer as a
/// `result` event or the error envelope as an `error` event.
struct InvokeEventRenderer: ServerSentEventRenderer {
    let requestID: String

    func render(_ event: StreamedCall.Event, into buffer: inout ByteBuffer) {
        switch event {
        case .chunk(let chunk):
            buffer.writeServerSentEvent("chunk", data: chunk)
        case .finished(.success(let outcome)):
            buffer.writeServerSentEvent("result", data: InvokeController.answer(outcome))
        case .finished(.failure(let error)):
            let failure = error as? SkillHubError ?? SkillHubError(.internalError, "the call failed")
            let envelope = (try? JSONResponses.encoder.encode(ErrorEnvelope(failure, requestID: requestID))) ?? []
            buffer.writeServerSentEvent("error", data: envelope)
        }
    }
}
