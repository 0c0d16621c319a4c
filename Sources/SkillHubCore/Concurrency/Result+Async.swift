extension Result where Failure == any Error {
    /// The result of an asynchronous throwing body.
    public init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
