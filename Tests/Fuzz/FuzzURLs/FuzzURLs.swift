import EndpointHTTP
import FuzzSupport
import SkillHubCore

/// URL parsing for endpoints (`EndpointHTTPTarget`), `DATABASE_URL` (`PostgresURL`) and `REDIS_URL`
/// (`RedisURL`): any text parses or is refused; what an endpoint target keeps is well formed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzURLs(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let text = FuzzInput(start, count).text
    if let target = EndpointHTTPTarget(url: text) {
        fuzzInvariant((1...65535).contains(target.port), "port \(target.port) from \(text.debugDescription)")
        fuzzInvariant(!target.host.isEmpty, "an empty host from \(text.debugDescription)")
        fuzzInvariant(target.requestTarget.hasPrefix("/"), "request target \(target.requestTarget.debugDescription)")
        fuzzInvariant(EndpointHTTPTarget(url: target.description) == target, "\(target) does not parse back to itself")
    }
    if let database = try? PostgresURL(parsing: text) {
        fuzzInvariant((1...65535).contains(database.port), "database port \(database.port) from \(text.debugDescription)")
    }
    if let redis = try? RedisURL(parsing: text) {
        fuzzInvariant((1...65535).contains(redis.port), "redis port \(redis.port) from \(text.debugDescription)")
    }
    return 0
}
