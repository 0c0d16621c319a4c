public import SkillHubCore

/// One configured chat model behind its API.
///
/// Both calls throw ``ChatModelError`` (or `CancellationError`). The request's ``ChatRequest/model`` is ignored:
/// a provider sends its own model id.
public protocol ChatProvider: Sendable {
    /// The model's settings: name, id, where, timeout.
    var model: ChatModelSettings.Model { get }

    /// The whole answer, which must arrive within the model's timeout.
    func complete(_ request: ChatRequest) async throws -> ChatCompletion

    /// The answer as it is generated: each piece goes to `onChunk`, in order, from the task that reads the
    /// connection; returns once the answer is whole. The answer must begin within the model's timeout, and no gap
    /// between two pieces may be longer. An error after the first token is ``ChatModelError/interrupted(model:reason:)``.
    /// Cancelling the calling task cancels the upstream request (and throws `CancellationError`).
    func stream(_ request: ChatRequest, onChunk: @escaping @Sendable (ChatChunk) -> Void) async throws
}
