import Foundation
import SkillHubCore
import SkillHubStorage

/// The body of `POST /api/v1/skills/` and `POST /api/v1/skills/register`
/// (seed 004 and the Ooder v0.6 spec; `skill_id` and `capability_id` are
/// accepted from spec clients).
struct SkillBody: Decodable {
    static let keys: Set<String> = [
        "skill_id", "name", "description", "version", "status", "visibility", "routing_strategy", "timeout_ms", "metadata",
        "endpoints", "capabilities",
    ]
    static let nestedKeys = ["endpoints": EndpointBody.keys, "capabilities": CapabilityBody.keys]

    var skillID: String?
    var name: String
    var description: String?
    var version: String
    var status: String?
    var visibility: String?
    var routingStrategy: String?
    var timeoutMilliseconds: Int?
    var metadata: [String: JSONValue]?
    var endpoints: [EndpointBody]?
    var capabilities: [CapabilityBody]?

    enum CodingKeys: String, CodingKey {
        case skillID = "skill_id"
        case name, description, version, status, visibility, metadata, endpoints, capabilities
        case routingStrategy = "routing_strategy"
        case timeoutMilliseconds = "timeout_ms"
    }

    /// The validated draft, or every problem as a field error; `defaultStrategy` (`LOAD_BALANCE_STRATEGY`)
    /// when the body names no `routing_strategy`.
    func draft(defaultStrategy: RoutingStrategy = .weightedRoundRobin) throws -> SkillDraft {
        var problems: [FieldError] = []
        if let skillID, UUID(uuidString: skillID) == nil {
            problems.append(FieldError(field: "skill_id", message: "must be a UUID"))
        }
        let draft = SkillDraft(
            requestedID: skillID.flatMap(UUID.init(uuidString:)),
            name: name,
            description: description ?? "",
            version: version,
            status: FieldChoice.parse(status, field: "status", default: .active, problems: &problems),
            visibility: FieldChoice.parse(visibility, field: "visibility", default: .private, problems: &problems),
            routingStrategy: FieldChoice.parse(routingStrategy, field: "routing_strategy", default: defaultStrategy, problems: &problems),
            timeoutMilliseconds: timeoutMilliseconds,
            metadata: metadata ?? [:],
            endpoints: (endpoints ?? []).enumerated().map { $1.draft(field: "endpoints[\($0)].", problems: &problems) },
            capabilities: (capabilities ?? []).enumerated().map { $1.draft(field: "capabilities[\($0)].", problems: &problems) }
        )
        problems += draft.validate()
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
        return draft
    }
}

/// An endpoint in a skill body or `POST /api/v1/skills/{id}/endpoints`; the protocol defaults to the URL's scheme.
struct EndpointBody: Decodable {
    static let keys: Set<String> = ["url", "protocol", "weight", "ephemeral", "metadata", "health_check"]

    var url: String
    var `protocol`: String?
    var weight: Int?
    var ephemeral: Bool?
    var metadata: [String: JSONValue]?
    /// An active health check (`{path, interval_ms, timeout_ms, healthy_threshold, unhealthy_threshold}`),
    /// kept in the endpoint's metadata as `health_check`.
    var healthCheck: ActiveHealthCheck?

    enum CodingKeys: String, CodingKey {
        case url, `protocol`, weight, ephemeral, metadata
        case healthCheck = "health_check"
    }

    func draft(field prefix: String = "", problems: inout [FieldError]) -> EndpointDraft {
        let scheme = url.range(of: "://").map { String(url[..<$0.lowerBound]).lowercased() }
        let endpointProtocol: EndpointProtocol
        if let text = self.protocol {
            endpointProtocol = FieldChoice.parse(text, field: prefix + "protocol", problems: &problems) ?? .http
        } else if let scheme, let inferred = EndpointProtocol(rawValue: scheme) {
            endpointProtocol = inferred
        } else {
            problems.append(FieldError(field: prefix + "protocol", message: "is required when the URL scheme is not one of \(EndpointProtocol.allCases.map(\.rawValue).joined(separator: ", "))"))
            endpointProtocol = .http
        }
        var metadata = metadata ?? [:]
        if let healthCheck {
            for problem in healthCheck.problems() {
                problems.append(FieldError(field: prefix + "health_check." + problem.field, message: problem.message))
            }
            if ![.http, .https].contains(endpointProtocol) {
                problems.append(FieldError(field: prefix + "health_check", message: "is for http and https endpoints"))
            }
            metadata["health_check"] = healthCheck.jsonValue
        }
        return EndpointDraft(url: url, protocol: endpointProtocol, weight: weight ?? 1, ephemeral: ephemeral ?? true, metadata: metadata)
    }
}

/// A capability in a request.
struct CapabilityBody: Decodable {
    static let keys: Set<String> = ["capability_id", "name", "description", "category", "version", "status", "parameters", "streaming", "idempotent"]

    var capabilityID: String?
    var name: String
    var description: String?
    var category: String?
    var version: String?
    var status: String?
    var parameters: JSONValue?
    var streaming: Bool?
    var idempotent: Bool?

    enum CodingKeys: String, CodingKey {
        case capabilityID = "capability_id"
        case name, description, category, version, status, parameters, streaming, idempotent
    }

    func draft(field prefix: String, problems: inout [FieldError]) -> CapabilityDraft {
        if let capabilityID, UUID(uuidString: capabilityID) == nil {
            problems.append(FieldError(field: prefix + "capability_id", message: "must be a UUID"))
        }
        return CapabilityDraft(
            name: name,
            description: description ?? "",
            category: category ?? "general",
            version: version ?? "1.0.0",
            status: FieldChoice.parse(status, field: prefix + "status", default: .enabled, problems: &problems),
            parameters: parameters ?? [:],
            streaming: streaming ?? false,
            idempotent: idempotent ?? true
        )
    }
}

/// The body of `PUT /api/v1/skills/{id}`: any subset of the skill's fields;
/// `endpoints` and `capabilities`, when present, replace the current sets.
struct SkillUpdateBody: Decodable {
    static let keys = SkillBody.keys.subtracting(["skill_id"])
    static let nestedKeys = SkillBody.nestedKeys

    var name: String?
    var description: String?
    var version: String?
    var status: String?
    var visibility: String?
    var routingStrategy: String?
    /// Present and null clears the timeout.
    var timeoutMilliseconds: Int??
    var metadata: [String: JSONValue]?
    var endpoints: [EndpointBody]?
    var capabilities: [CapabilityBody]?

    typealias CodingKeys = SkillBody.CodingKeys

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        version = try container.decodeIfPresent(String.self, forKey: .version)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        visibility = try container.decodeIfPresent(String.self, forKey: .visibility)
        routingStrategy = try container.decodeIfPresent(String.self, forKey: .routingStrategy)
        if container.contains(.timeoutMilliseconds) {
            timeoutMilliseconds = .some(try container.decodeNil(forKey: .timeoutMilliseconds) ? nil : try container.decode(Int.self, forKey: .timeoutMilliseconds))
        }
        metadata = try container.decodeIfPresent([String: JSONValue].self, forKey: .metadata)
        endpoints = try container.decodeIfPresent([EndpointBody].self, forKey: .endpoints)
        capabilities = try container.decodeIfPresent([CapabilityBody].self, forKey: .capabilities)
    }

    /// The validated patch, or every problem as a field error.
    func patch() throws -> SkillPatch {
        var problems: [FieldError] = []
        var patch = SkillPatch()
        patch.name = name
        patch.description = description
        patch.version = version
        patch.status = status.flatMap { FieldChoice.parse($0, field: "status", problems: &problems) }
        patch.visibility = visibility.flatMap { FieldChoice.parse($0, field: "visibility", problems: &problems) }
        patch.routingStrategy = routingStrategy.flatMap { FieldChoice.parse($0, field: "routing_strategy", problems: &problems) }
        patch.timeoutMilliseconds = timeoutMilliseconds
        patch.metadata = metadata
        patch.endpoints = endpoints?.enumerated().map { $1.draft(field: "endpoints[\($0)].", problems: &problems) }
        patch.capabilities = capabilities?.enumerated().map { $1.draft(field: "capabilities[\($0)].", problems: &problems) }
        // Validate the fields given through the same rules as a full draft.
        let probe = SkillDraft(
            name: name ?? "probe", description: description ?? "", version: version ?? "1.0.0",
            timeoutMilliseconds: timeoutMilliseconds ?? nil, endpoints: patch.endpoints ?? [], capabilities: patch.capabilities ?? []
        )
        problems += probe.validate()
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
        return patch
    }
}

/// The body of `PUT /api/v1/skills/{id}/endpoints/{eid}`.
struct EndpointUpdateBody: Decodable {
    static let keys: Set<String> = ["weight", "status", "metadata"]

    var weight: Int?
    var status: String?
    var metadata: [String: JSONValue]?

    func patch() throws -> EndpointPatch {
        var problems: [FieldError] = []
        let status: EndpointStatus? = self.status.flatMap { FieldChoice.parse($0, field: "status", problems: &problems) }
        if let weight, let problem = EndpointDraft.validate(weight: weight) { problems.append(problem) }
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
        return EndpointPatch(weight: weight, status: status, metadata: metadata)
    }
}

/// The body of `PUT /api/v1/skills/{id}/status`.
struct SkillStatusBody: Decodable {
    static let keys: Set<String> = ["status"]
    var status: String

    func validated() throws -> SkillStatus {
        var problems: [FieldError] = []
        guard let status: SkillStatus = FieldChoice.parse(status, field: "status", problems: &problems) else {
            throw SkillHubError.invalidFields(problems)
        }
        return status
    }
}
