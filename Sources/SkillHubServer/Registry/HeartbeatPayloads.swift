import Foundation
import SkillHubCore
import SkillHubRegistry

/// What a heartbeat may report: `status` (`healthy` or `unhealthy`), `in_flight`, `cpu` (0–100).
struct HeartbeatReportBody: Decodable {
    static let keys: Set<String> = ["status", "in_flight", "cpu"]

    var status: String?
    var inFlight: Int?
    var cpu: Double?

    enum CodingKeys: String, CodingKey {
        case status
        case inFlight = "in_flight"
        case cpu
    }

    func heartbeat(for endpointID: UUID, field prefix: String = "", problems: inout [FieldError]) -> Heartbeat {
        var status: EndpointStatus?
        if let text = self.status {
            switch text {
            case "healthy", "up": status = .healthy
            case "unhealthy", "down": status = .unhealthy
            default: problems.append(FieldError(field: prefix + "status", message: "must be healthy or unhealthy"))
            }
        }
        if let inFlight, inFlight < 0 { problems.append(FieldError(field: prefix + "in_flight", message: "must not be negative")) }
        if let cpu, !(0...100).contains(cpu) { problems.append(FieldError(field: prefix + "cpu", message: "must be from 0 to 100")) }
        return Heartbeat(endpointID: endpointID, status: status, inFlight: inFlight, cpu: cpu)
    }
}

/// `POST /api/v1/heartbeats`: `{"heartbeats": [{"endpoint_id", "status", "in_flight", "cpu"}, …]}`.
struct HeartbeatBatchBody: Decodable {
    static let keys: Set<String> = ["heartbeats"]
    static let nestedKeys = ["heartbeats": HeartbeatReportBody.keys.union(["endpoint_id"])]
    static let maximumCount = 10_000

    struct Entry: Decodable {
        var endpointID: String
        var report: HeartbeatReportBody

        enum CodingKeys: String, CodingKey {
            case endpointID = "endpoint_id"
        }

        init(from decoder: any Decoder) throws {
            endpointID = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .endpointID)
            report = try HeartbeatReportBody(from: decoder)
        }
    }

    var heartbeats: [Entry]

    func validated() throws -> [Heartbeat] {
        var problems: [FieldError] = []
        if heartbeats.count > Self.maximumCount {
            throw SkillHubError.invalidFields([FieldError(field: "heartbeats", message: "at most \(Self.maximumCount) per request")])
        }
        let beats = heartbeats.enumerated().map { index, entry in
            let prefix = "heartbeats[\(index)]."
            guard let id = UUID(uuidString: entry.endpointID) else {
                problems.append(FieldError(field: prefix + "endpoint_id", message: "must be a UUID"))
                return Heartbeat(endpointID: UUID())
            }
            return entry.report.heartbeat(for: id, field: prefix, problems: &problems)
        }
        if !problems.isEmpty { throw SkillHubError.invalidFields(Array(problems.prefix(50))) }
        return beats
    }
}
