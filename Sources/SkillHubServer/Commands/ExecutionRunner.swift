import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import SkillHubCore
import SkillHubStorage

/// Runs asynchronous command executions off the request path, records how
/// each ended, and POSTs the result to its callback URL (synchronous
/// commands' callbacks too). On graceful shutdown it stops taking work and
/// finishes what it has, queued work included, before the HTTP client closes.
final class ExecutionRunner: Service, Sendable {
    struct Job: Sendable {
        var execution: ExecutionRecord
        var target: Dispatcher.Target
        var request: Dispatcher.Request
    }

    private let dispatcher: Dispatcher
    private let executions: ExecutionRepository
    private let http: OutboundHTTPClient
    /// Signs callbacks; nil sends them unsigned.
    private let signature: CallbackSignature?
    private let logger: Logger
    /// What the runner does in the background.
    enum Work: Sendable {
        case execute(Job)
        case callback(ExecutionRecord)
    }

    private let work: AsyncStream<Work>
    private let submissions: AsyncStream<Work>.Continuation
    /// Attempts to deliver a callback, with a doubling pause between them.
    static let callbackAttempts = 3

    init(dispatcher: Dispatcher, executions: ExecutionRepository, http: OutboundHTTPClient, signature: CallbackSignature? = nil, logger: Logger) {
        self.dispatcher = dispatcher
        self.executions = executions
        self.http = http
        self.signature = signature
        self.logger = logger
        (work, submissions) = AsyncStream.makeStream(of: Work.self)
    }

    /// Queues `job`; 503 once the instance is shutting down.
    func submit(_ job: Job) throws {
        guard case .enqueued = submissions.yield(.execute(job)) else {
            throw SkillHubError(.serviceUnavailable, "this instance is shutting down; send the command to another")
        }
    }

    /// Queues the callback of an execution that has ended (a synchronous command's).
    func submitCallback(_ execution: ExecutionRecord) {
        guard case .enqueued = submissions.yield(.callback(execution)) else {
            logger.warning("callback not sent: the instance is shutting down", metadata: ["execution_id": "\(execution.executionID)"])
            return
        }
    }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            // On shutdown the stream stops taking work but hands over what it holds.
            await withGracefulShutdownHandler {
                for await item in work {
                    switch item {
                    case .execute(let job): group.addTask { await self.execute(job) }
                    case .callback(let execution): group.addTask { await self.deliverCallback(execution) }
                    }
                }
            } onGracefulShutdown: {
                self.submissions.finish()
            }
        }
    }

    /// Runs one execution to its end and records it; then sends the callback.
    func execute(_ job: Job) async {
        let executionID = job.execution.executionID
        do {
            try await executions.markRunning(executionID)
        } catch {
            logger.warning("could not mark an execution running", metadata: ["execution_id": "\(executionID)", "error": "\(error)"])
        }
        let finished: ExecutionRecord
        do {
            finished = try await record(executionID, await Result(catching: { try await self.dispatcher.call(job.target, job.request) }))
        } catch {
            logger.error("could not record how an execution ended", metadata: ["execution_id": "\(executionID)", "error": "\(error)"])
            return
        }
        await deliverCallback(finished)
    }

    /// Records the outcome of a call; the stored execution.
    func record(_ executionID: UUID, _ outcome: Result<Dispatcher.Outcome, any Error>) async throws -> ExecutionRecord {
        switch outcome {
        case .success(let outcome):
            return try await executions.finish(executionID, result: outcome.output, error: nil, endpointID: outcome.endpoint.endpointID)
        case .failure(let error):
            let failure = error as? SkillHubError ?? SkillHubError(.internalError, "the execution failed: \(error)")
            return try await executions.finish(
                executionID, result: nil, error: ["code": .number(Double(failure.code.rawValue)), "message": .string(failure.message)], endpointID: nil
            )
        }
    }

    /// POSTs the execution to its callback URL (if any), retrying, and records whether it arrived.
    func deliverCallback(_ execution: ExecutionRecord) async {
        guard let url = execution.callbackURL else { return }
        var outcome = "failed: not attempted"
        var pause = Duration.milliseconds(500)
        for attempt in 1...Self.callbackAttempts {
            do {
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                let body = try JSONResponses.encoder.encode(execution)
                for header in signature?.headers(for: body) ?? [] { request.headers.add(name: header.name, value: header.value) }
                request.body = .bytes(ByteBuffer(bytes: body))
                let response = try await http.client.execute(request, timeout: .seconds(10))
                _ = try? await response.body.collect(upTo: 64 << 10)
                if (200..<300).contains(response.status.code) {
                    outcome = "delivered"
                    break
                }
                outcome = "failed: HTTP \(response.status.code)"
            } catch {
                outcome = "failed: \(error)"
            }
            if attempt < Self.callbackAttempts {
                try? await Task.sleep(for: pause)
                pause *= 2
            }
        }
        do {
            try await executions.recordCallback(execution.executionID, status: String(outcome.prefix(500)))
        } catch {
            logger.warning("could not record a callback's outcome", metadata: ["execution_id": "\(execution.executionID)", "error": "\(error)"])
        }
    }
}
