import Hummingbird
import SkillHubCore

/// Typed query parameters, collecting one field error per bad value.
struct QueryParameters {
    private let values: [String: String]
    private(set) var problems: [FieldError] = []

    init(_ request: Request) {
        var values: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { values[String(name)] = String(value) }
        self.values = values
    }

    /// A non-empty string, or nil when absent or empty.
    func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    mutating func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            problems.append(FieldError(field: name, message: "must be an integer from \(range.lowerBound) to \(range.upperBound)"))
            return fallback
        }
        return value
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ name: String) -> Choice? where Choice.RawValue == String {
        string(name).flatMap { FieldChoice.parse($0, field: name, problems: &problems) }
    }

    /// Throws the collected problems, if any.
    func validate() throws {
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
    }
}
