import Foundation

/// Applies compiled ``SchemaNode``s to an instance, collecting violations.
struct SchemaEvaluator {
    let nodes: [SchemaNode]
    /// Stop at the first violation: enough to answer "is it valid?" (`anyOf`, `oneOf`, `not`, `isValid`).
    let stopAtFirst: Bool
    private(set) var violations: [JSONSchemaViolation] = []

    init(nodes: [SchemaNode], stopAtFirst: Bool) {
        self.nodes = nodes
        self.stopAtFirst = stopAtFirst
    }

    private var finished: Bool { stopAtFirst && !violations.isEmpty }

    mutating func evaluate(_ node: SchemaNode, _ instance: JSONValue, at path: InstancePath) {
        switch node {
        case .always(true):
            break
        case .always(false):
            report(path, "is not allowed")
        case .checks(let checks):
            for check in checks where !finished {
                apply(check, instance, at: path)
            }
        }
    }

    /// The first violation of `node` by `instance`, or nil when it passes.
    private func firstViolation(_ node: SchemaNode, _ instance: JSONValue, at path: InstancePath) -> JSONSchemaViolation? {
        var evaluator = SchemaEvaluator(nodes: nodes, stopAtFirst: true)
        evaluator.evaluate(node, instance, at: path)
        return evaluator.violations.first
    }

    private mutating func report(_ path: InstancePath, _ message: String) {
        violations.append(JSONSchemaViolation(path: path.rendered, message: message))
    }

    private mutating func apply(_ check: SchemaCheck, _ instance: JSONValue, at path: InstancePath) {
        switch check {
        case .type(let types):
            if !types.contains(where: { $0.matches(instance) }) {
                report(path, "must be " + SchemaMessages.list(types.map(\.noun), conjunction: "or"))
            }
        case .constant(let expected):
            if instance != expected { report(path, "must be equal to \(SchemaMessages.display(expected))") }
        case .enumeration(let allowed):
            if !allowed.contains(instance) {
                report(path, "must be one of: " + allowed.map(SchemaMessages.display).joined(separator: ", "))
            }

        case .minimum(let limit):
            if case .number(let number) = instance, number < limit { report(path, "must be at least \(SchemaMessages.number(limit))") }
        case .maximum(let limit):
            if case .number(let number) = instance, number > limit { report(path, "must be at most \(SchemaMessages.number(limit))") }
        case .exclusiveMinimum(let limit):
            if case .number(let number) = instance, number <= limit { report(path, "must be greater than \(SchemaMessages.number(limit))") }
        case .exclusiveMaximum(let limit):
            if case .number(let number) = instance, number >= limit { report(path, "must be less than \(SchemaMessages.number(limit))") }
        case .multipleOf(let divisor):
            if case .number(let number) = instance, !Self.isMultiple(number, of: divisor) {
                report(path, "must be a multiple of \(SchemaMessages.number(divisor))")
            }

        case .minLength(let limit):
            if case .string(let text) = instance, text.unicodeScalars.count < limit {
                report(path, "must be at least \(SchemaMessages.counted(limit, "character")) long")
            }
        case .maxLength(let limit):
            if case .string(let text) = instance, text.unicodeScalars.count > limit {
                report(path, "must be at most \(SchemaMessages.counted(limit, "character")) long")
            }
        case .pattern(let pattern):
            if case .string(let text) = instance, !pattern.matches(text) { report(path, "must match the pattern \(pattern.source)") }

        case .items(let prefix, let rest):
            guard case .array(let elements) = instance else { return }
            for (index, element) in elements.enumerated() where !finished {
                if index >= prefix.count, case .always(false)? = rest {
                    report(.index(path, index), "is not allowed (extra item)")
                } else if let schema = index < prefix.count ? prefix[index] : rest {
                    evaluate(schema, element, at: .index(path, index))
                }
            }
        case .minItems(let limit):
            if case .array(let elements) = instance, elements.count < limit {
                report(path, "must contain at least \(SchemaMessages.counted(limit, "item"))")
            }
        case .maxItems(let limit):
            if case .array(let elements) = instance, elements.count > limit {
                report(path, "must contain at most \(SchemaMessages.counted(limit, "item"))")
            }
        case .uniqueItems:
            guard case .array(let elements) = instance else { return }
            var firstIndex: [JSONValue: Int] = [:]
            for (index, element) in elements.enumerated() {
                if let earlier = firstIndex[element] {
                    report(path, "must not contain duplicate items (items \(earlier) and \(index) are equal)")
                    return
                }
                firstIndex[element] = index
            }

        case .members(let properties, let patterns, let additional):
            guard case .object(let members) = instance else { return }
            for (name, value) in members.sorted(by: { $0.key < $1.key }) where !finished {
                let memberPath = InstancePath.property(path, name)
                var declared = false
                if let schema = properties[name] {
                    declared = true
                    evaluate(schema, value, at: memberPath)
                }
                for property in patterns where !finished && property.pattern.matches(name) {
                    declared = true
                    evaluate(property.schema, value, at: memberPath)
                }
                guard !declared, !finished, let additional else { continue }
                if case .always(false) = additional {
                    report(memberPath, "is not allowed (unknown property)")
                } else {
                    evaluate(additional, value, at: memberPath)
                }
            }
        case .required(let names):
            guard case .object(let members) = instance else { return }
            for name in names where !finished && members[name] == nil {
                report(.property(path, name), "is required")
            }
        case .minProperties(let limit):
            if case .object(let members) = instance, members.count < limit {
                report(path, "must have at least \(SchemaMessages.counted(limit, "property", plural: "properties"))")
            }
        case .maxProperties(let limit):
            if case .object(let members) = instance, members.count > limit {
                report(path, "must have at most \(SchemaMessages.counted(limit, "property", plural: "properties"))")
            }

        case .allOf(let schemas):
            for schema in schemas where !finished {
                evaluate(schema, instance, at: path)
            }
        case .anyOf(let schemas):
            var failures: [JSONSchemaViolation] = []
            for schema in schemas {
                guard let failure = firstViolation(schema, instance, at: path) else { return }
                failures.append(failure)
            }
            let here = path.rendered
            let reasons = failures.map { $0.path == here ? $0.message : "\($0.path) \($0.message)" }
            report(path, "must match at least one of the allowed schemas (\(reasons.joined(separator: "; or ")))")
        case .oneOf(let schemas):
            var matches = 0
            for schema in schemas where matches < 2 && firstViolation(schema, instance, at: path) == nil {
                matches += 1
            }
            if matches == 0 {
                report(path, "must match exactly one of the allowed schemas (it matches none)")
            } else if matches > 1 {
                report(path, "must match exactly one of the allowed schemas (it matches more than one)")
            }
        case .not(let schema):
            if firstViolation(schema, instance, at: path) == nil { report(path, "must not match the disallowed schema") }
        case .ref(let index):
            evaluate(nodes[index], instance, at: path)
        }
    }

    /// Whether `value / divisor` is a whole number, allowing for the rounding of decimal
    /// fractions in binary (so 0.3 is a multiple of 0.1, and 19.99 of 0.01).
    static func isMultiple(_ value: Double, of divisor: Double) -> Bool {
        let quotient = value / divisor
        guard quotient.isFinite else { return false }
        return abs(quotient - quotient.rounded()) <= abs(quotient) * 4 * Double.ulpOfOne
    }
}

/// A location in the instance, built cheaply while descending and rendered only when reported.
indirect enum InstancePath {
    case root(String)
    case property(InstancePath, String)
    case index(InstancePath, Int)

    /// `input.items[2].name`; a member whose name is not a plain identifier is written `["odd key"]`.
    var rendered: String {
        var steps: [InstancePath] = []
        var current = self
        var text = ""
        walk: while true {
            switch current {
            case .root(let name):
                text = name
                break walk
            case .property(let parent, _), .index(let parent, _):
                steps.append(current)
                current = parent
            }
        }
        for step in steps.reversed() {
            switch step {
            case .property(_, let name) where Self.isPlainName(name):
                text += text.isEmpty ? name : "." + name
            case .property(_, let name):
                text += "[\(SchemaMessages.quoted(name))]"
            case .index(_, let index):
                text += "[\(index)]"
            case .root:
                break
            }
        }
        return text
    }

    /// Letters, digits, `_` and `-`, not starting with a digit or `-`.
    private static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}

/// How values appear in violation and schema-error messages.
enum SchemaMessages {
    /// A value in a message: strings as they are, anything else as compact JSON.
    static func display(_ value: JSONValue) -> String {
        if case .string(let text) = value { text } else { json(value) }
    }

    /// Compact JSON with sorted keys; whole numbers without a fraction.
    static func json(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let value): number(value)
        case .string(let text): quoted(text)
        case .array(let elements): "[" + elements.map(json).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        }
    }

    /// `3` rather than `3.0`; other numbers as Swift prints them.
    static func number(_ value: Double) -> String {
        if value.rounded(.towardZero) == value, abs(value) < 1e15 { String(Int64(value)) } else { "\(value)" }
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// "1 item", "3 items".
    static func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }

    /// "a", "a or b", "a, b or c".
    static func list(_ items: [String], conjunction: String) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
