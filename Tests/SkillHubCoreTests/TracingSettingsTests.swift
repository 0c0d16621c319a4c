import Testing

@testable import SkillHubCore

/// The `OTEL_*` variables: tracing is off unless an OTLP endpoint is set.
@Suite("Tracing settings")
struct TracingSettingsTests {
    func problems(_ environment: [String: String]) -> [String] {
        do {
            _ = try SkillHubConfiguration(environment: environment)
            return []
        } catch {
            return error.problems.map(\.variable)
        }
    }

    @Test func tracingIsOffWithoutAnEndpointAndSaysSo() throws {
        let off = try SkillHubConfiguration(environment: ["OTEL_SERVICE_NAME": "x", "OTEL_TRACES_SAMPLER": "always_on"])
        #expect(off.tracing == nil)
        #expect(off.warnings.contains { $0.contains("OTEL_TRACES_SAMPLER ignored: tracing is off") })
        let summary = Dictionary(uniqueKeysWithValues: off.maskedSummary.map { ($0.name, $0.value) })
        #expect(summary["OTEL_EXPORTER_OTLP_ENDPOINT"] == "(not set: tracing off)")
        let disabled = try SkillHubConfiguration(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_SDK_DISABLED": "true"])
        #expect(disabled.tracing == nil)
    }

    @Test func theEndpointGetsTheTracesPathAndTheDefaults() throws {
        let tracing = try #require(try SkillHubConfiguration(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/"]).tracing)
        #expect(tracing.tracesURL == "http://collector:4318/v1/traces")
        #expect(tracing.serviceName == "skillhub")
        #expect(tracing.sampler == .parentBased(root: .alwaysOn))
        #expect(tracing.headers.isEmpty)
        #expect(tracing.maxQueueSize == 2048)
        #expect(tracing.maxBatchSize == 512)
        #expect(tracing.scheduleDelay == .seconds(1))
    }

    @Test func theStandardVariablesAreRead() throws {
        let configuration = try SkillHubConfiguration(environment: [
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://ignored:4318",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://collector.example.com/otlp/traces",
            "OTEL_EXPORTER_OTLP_HEADERS": "api-key=s3cr%3Dt, x-tenant=blue",
            "OTEL_SERVICE_NAME": "skillhub-eu",
            "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
            "OTEL_TRACES_SAMPLER_ARG": "0.25",
            "OTEL_BSP_SCHEDULE_DELAY": "200",
        ])
        let tracing = try #require(configuration.tracing)
        #expect(tracing.tracesURL == "https://collector.example.com/otlp/traces")
        #expect(tracing.headers == [.init(name: "api-key", value: "s3cr=t"), .init(name: "x-tenant", value: "blue")])
        #expect(tracing.serviceName == "skillhub-eu")
        #expect(tracing.sampler == .parentBased(root: .traceIDRatio(0.25)))
        #expect(tracing.scheduleDelay == .milliseconds(200))
        let summary = Dictionary(uniqueKeysWithValues: configuration.maskedSummary.map { ($0.name, $0.value) })
        #expect(summary["OTEL_TRACES_SAMPLER"] == "parentbased_traceidratio (ratio 0.25)")
        // Header values may be credentials: masked.
        #expect(summary["OTEL_EXPORTER_OTLP_HEADERS"]?.contains("s3cr") == false)
        #expect(try SkillHubConfiguration(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_SAMPLER": "ALWAYS_OFF"]).tracing?.sampler == .alwaysOff)
    }

    @Test func badValuesAreProblemsNamingTheirVariable() {
        let endpoint = ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"]
        #expect(problems(["OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"]) == ["OTEL_EXPORTER_OTLP_ENDPOINT"])
        #expect(problems(endpoint.merging(["OTEL_TRACES_SAMPLER": "sometimes"]) { $1 }) == ["OTEL_TRACES_SAMPLER"])
        #expect(problems(endpoint.merging(["OTEL_TRACES_SAMPLER_ARG": "1.5"]) { $1 }) == ["OTEL_TRACES_SAMPLER_ARG"])
        #expect(problems(endpoint.merging(["OTEL_EXPORTER_OTLP_HEADERS": "novalue"]) { $1 }) == ["OTEL_EXPORTER_OTLP_HEADERS"])
        #expect(problems(endpoint.merging(["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"]) { $1 }) == ["OTEL_EXPORTER_OTLP_PROTOCOL"])
        #expect(problems(endpoint.merging(["OTEL_BSP_MAX_QUEUE_SIZE": "10", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "20"]) { $1 }) == ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"])
        #expect(problems(endpoint.merging(["OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"]) { $1 }).isEmpty)
    }
}
