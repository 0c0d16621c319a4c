import Foundation

/// Turns a schema document into ``SchemaNode``s: the root first, then each `$ref` target and
/// `$defs`/`definitions` entry, each compiled once and addressed by index.
struct SchemaCompiler {
    private let document: JSONValue
    private var nodes: [SchemaNode] = []
    /// The JSON Pointer tokens of each node in `nodes`.
    private var locations: [[String]] = []
    private var indexByLocation: [[String]: Int] = [:]
    /// Nodes reserved but not compiled yet.
    private var pending: [(index: Int, value: JSONValue)] = []

    init(document: JSONValue) {
        self.document = document
    }

    mutating func compile() throws(JSONSchemaError) -> [SchemaNode] {
        _ = reserve(document, at: [])
        while let next = pending.popLast() {
            nodes[next.index] = try compileSchema(next.value, at: locations[next.index])
        }
        try rejectReferenceCycles()
        return nodes
    }

    /// The index of the node for the schema at `location`, reserving it (to be compiled later) when new.
    private mutating func reserve(_ value: JSONValue, at location: [String]) -> Int {
        if let index = indexByLocation[location] { return index }
        let index = nodes.count
        nodes.append(.always(true))
        locations.append(location)
        indexByLocation[location] = index
        pending.append((index, value))
        return index
    }

    // MARK: Schemas

    private mutating func compileSchema(_ value: JSONValue, at location: [String]) throws(JSONSchemaError) -> SchemaNode {
        switch value {
        case .bool(let allowed):
            return .always(allowed)
        case .object(let keywords):
            return .checks(try compileKeywords(keywords, at: location))
        default:
            throw Self.error(at: location, "a schema must be an object or a boolean")
        }
    }

    /// A non-empty array of schemas (`allOf`, `anyOf`, `oneOf`, `prefixItems`).
    private mutating func compileSchemaList(_ value: JSONValue, at location: [String]) throws(JSONSchemaError) -> [SchemaNode] {
        guard case .array(let elements) = value, !elements.isEmpty else {
            throw Self.error(at: location, "`\(location.last ?? "")` must be a non-empty array of schemas")
        }
        var schemas: [SchemaNode] = []
        for (index, element) in elements.enumerated() {
            schemas.append(try compileSchema(element, at: location + [String(index)]))
        }
        return schemas
    }

    /// An object whose member values are schemas (`properties`, `$defs`), in key order.
    private static func schemaMap(_ value: JSONValue, at location: [String]) throws(JSONSchemaError) -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = value else {
            throw error(at: location, "`\(location.last ?? "")` must be an object whose values are schemas")
        }
        return members.sorted { $0.key < $1.key }
    }

    private mutating func compileKeywords(_ keywords: [String: JSONValue], at location: [String]) throws(JSONSchemaError) -> [SchemaCheck] {
        var checks: [SchemaCheck] = []

        // Any type.
        if let value = keywords["type"] {
            checks.append(.type(try Self.types(value, at: location + ["type"])))
        }
        if let value = keywords["const"] {
            checks.append(.constant(value))
        }
        if let value = keywords["enum"] {
            guard case .array(let allowed) = value else { throw Self.error(at: location + ["enum"], "`enum` must be an array") }
            checks.append(.enumeration(allowed))
        }

        // Numbers.
        let bounds: [(String, (Double) -> SchemaCheck)] = [
            ("minimum", SchemaCheck.minimum), ("exclusiveMinimum", SchemaCheck.exclusiveMinimum),
            ("maximum", SchemaCheck.maximum), ("exclusiveMaximum", SchemaCheck.exclusiveMaximum),
        ]
        for (keyword, check) in bounds {
            if let value = keywords[keyword] { checks.append(check(try Self.number(value, at: location + [keyword]))) }
        }
        if let value = keywords["multipleOf"] {
            let divisor = try Self.number(value, at: location + ["multipleOf"])
            guard divisor > 0 else { throw Self.error(at: location + ["multipleOf"], "`multipleOf` must be greater than 0") }
            checks.append(.multipleOf(divisor))
        }

        // Strings.
        let stringCounts: [(String, (Int) -> SchemaCheck)] = [("minLength", SchemaCheck.minLength), ("maxLength", SchemaCheck.maxLength)]
        for (keyword, check) in stringCounts {
            if let value = keywords[keyword] { checks.append(check(try Self.count(value, at: location + [keyword]))) }
        }
        if let value = keywords["pattern"] {
            checks.append(.pattern(try Self.pattern(value, at: location + ["pattern"])))
        }

        // Arrays.
        var prefix: [SchemaNode] = []
        var rest: SchemaNode?
        if let value = keywords["prefixItems"] {
            prefix = try compileSchemaList(value, at: location + ["prefixItems"])
        }
        if let value = keywords["items"] {
            if case .array = value {  // The draft-07 tuple form.
                guard keywords["prefixItems"] == nil else {
                    throw Self.error(at: location + ["items"], "`items` must be a schema when `prefixItems` is present")
                }
                prefix = try compileSchemaList(value, at: location + ["items"])
                if let extra = keywords["additionalItems"] { rest = try compileSchema(extra, at: location + ["additionalItems"]) }
            } else {
                rest = try compileSchema(value, at: location + ["items"])
            }
        }
        if !prefix.isEmpty || rest != nil {
            checks.append(.items(prefix: prefix, rest: rest))
        }
        let itemCounts: [(String, (Int) -> SchemaCheck)] = [("minItems", SchemaCheck.minItems), ("maxItems", SchemaCheck.maxItems)]
        for (keyword, check) in itemCounts {
            if let value = keywords[keyword] { checks.append(check(try Self.count(value, at: location + [keyword]))) }
        }
        if let value = keywords["uniqueItems"] {
            guard case .bool(let unique) = value else { throw Self.error(at: location + ["uniqueItems"], "`uniqueItems` must be a boolean") }
            if unique { checks.append(.uniqueItems) }
        }

        // Objects.
        if let value = keywords["required"] {
            checks.append(.required(try Self.names(value, at: location + ["required"])))
        }
        var properties: [String: SchemaNode] = [:]
        var patterns: [PatternProperty] = []
        var additional: SchemaNode?
        if let value = keywords["properties"] {
            for (name, schema) in try Self.schemaMap(value, at: location + ["properties"]) {
                properties[name] = try compileSchema(schema, at: location + ["properties", name])
            }
        }
        if let value = keywords["patternProperties"] {
            for (source, schema) in try Self.schemaMap(value, at: location + ["patternProperties"]) {
                let here = location + ["patternProperties", source]
                guard let pattern = SchemaPattern(source) else { throw Self.error(at: here, "`\(source)` is not a valid regular expression") }
                patterns.append(PatternProperty(pattern: pattern, schema: try compileSchema(schema, at: here)))
            }
        }
        if let value = keywords["additionalProperties"] {
            additional = try compileSchema(value, at: location + ["additionalProperties"])
        }
        if !properties.isEmpty || !patterns.isEmpty || additional != nil {
            checks.append(.members(properties: properties, patterns: patterns, additional: additional))
        }
        let propertyCounts: [(String, (Int) -> SchemaCheck)] = [("minProperties", SchemaCheck.minProperties), ("maxProperties", SchemaCheck.maxProperties)]
        for (keyword, check) in propertyCounts {
            if let value = keywords[keyword] { checks.append(check(try Self.count(value, at: location + [keyword]))) }
        }

        // Combinations.
        if let value = keywords["allOf"] { checks.append(.allOf(try compileSchemaList(value, at: location + ["allOf"]))) }
        if let value = keywords["anyOf"] { checks.append(.anyOf(try compileSchemaList(value, at: location + ["anyOf"]))) }
        if let value = keywords["oneOf"] { checks.append(.oneOf(try compileSchemaList(value, at: location + ["oneOf"]))) }
        if let value = keywords["not"] { checks.append(.not(try compileSchema(value, at: location + ["not"]))) }

        // References and definitions (compiled once each, later, from the work list).
        if let value = keywords["$ref"] {
            checks.append(.ref(try reference(value, at: location + ["$ref"])))
        }
        for keyword in ["$defs", "definitions"] {
            guard let value = keywords[keyword] else { continue }
            for (name, schema) in try Self.schemaMap(value, at: location + [keyword]) {
                _ = reserve(schema, at: location + [keyword, name])
            }
        }
        return checks
    }

    // MARK: Keyword values

    private static func types(_ value: JSONValue, at location: [String]) throws(JSONSchemaError) -> [SchemaType] {
        let known = SchemaType.allCases.map(\.rawValue).joined(separator: ", ")
        let names: [JSONValue]
        switch value {
        case .string: names = [value]
        case .array(let elements) where !elements.isEmpty: names = elements
        default: throw error(at: location, "`type` must be a type name or a non-empty array of them (\(known))")
        }
        var types: [SchemaType] = []
        for name in names {
            guard let text = name.stringValue, let type = SchemaType(rawValue: text) else {
                throw error(at: location, "`type` names an unknown type \(SchemaMessages.json(name)); known types: \(known)")
            }
            guard !types.contains(type) else { throw error(at: location, "`type` lists \(text) twice") }
            types.append(type)
        }
        return types
    }

    private static func number(_ value: JSONValue, at location: [String]) throws(JSONSchemaError) -> Double {
        guard case .number(let number) = value, number.isFinite else {
            throw error(at: location, "`\(location.last ?? "")` must be a number")
        }
        return number
    }

    /// A non-negative integer (`minLength`, `maxItems`, …); `2.0` counts as 2.
    private static func count(_ value: JSONValue, at location: [String]) throws(JSONSchemaError) -> Int {
        guard case .number(let number) = value, number >= 0, let count = Int(exactly: number) else {
            throw error(at: location, "`\(location.last ?? "")` must be a non-negative integer")
        }
        return count
    }

    private static func pattern(_ value: JSONValue, at location: [String]) throws(JSONSchemaError) -> SchemaPattern {
        guard case .string(let source) = value else { throw error(at: location, "`pattern` must be a string") }
        guard let pattern = SchemaPattern(source) else { throw error(at: location, "`pattern` \(source) is not a valid regular expression") }
        return pattern
    }

    /// `required`: an array of strings, duplicates dropped.
    private static func names(_ value: JSONValue, at location: [String]) throws(JSONSchemaError) -> [String] {
        guard case .array(let elements) = value else { throw error(at: location, "`required` must be an array of strings") }
        var names: [String] = []
        for element in elements {
            guard let name = element.stringValue else { throw error(at: location, "`required` must be an array of strings") }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    // MARK: References

    /// The node index for a `$ref`: a JSON Pointer into this document, written as a URI fragment.
    private mutating func reference(_ value: JSONValue, at location: [String]) throws(JSONSchemaError) -> Int {
        guard case .string(let reference) = value else { throw Self.error(at: location, "`$ref` must be a string") }
        guard reference.hasPrefix("#") else {
            throw Self.error(at: location, "only references within this document (\"#/...\") are supported, not \"\(reference)\"")
        }
        guard let fragment = String(reference.dropFirst()).removingPercentEncoding,
            fragment.isEmpty || fragment.hasPrefix("/")
        else {
            throw Self.error(at: location, "\"\(reference)\" is not a JSON Pointer (anchors are not supported)")
        }
        let tokens = fragment.isEmpty
            ? []
            : fragment.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
        var target = document
        for token in tokens {
            let next: JSONValue?
            switch target {
            case .object(let members):
                next = members[token]
            case .array(let elements):
                let index = Int(token).flatMap { String($0) == token && elements.indices.contains($0) ? $0 : nil }
                next = index.map { elements[$0] }
            default:
                next = nil
            }
            guard let next else { throw Self.error(at: location, "\"\(reference)\" points to nothing in this document") }
            target = next
        }
        return reserve(target, at: tokens)
    }

    /// Refuses `$ref` loops that never step into the instance (`a` → `b` → `a` through `$ref`,
    /// `allOf`, `anyOf`, `oneOf` or `not`), which would recurse forever. Loops through `properties`,
    /// `items` and the like are fine: each step consumes a level of the (finite) instance.
    private func rejectReferenceCycles() throws(JSONSchemaError) {
        let edges = nodes.map(Self.referencesInPlace)
        var state = [VisitState](repeating: .new, count: nodes.count)
        var trail: [Int] = []
        for start in nodes.indices where state[start] == .new {
            try visit(start, edges: edges, state: &state, trail: &trail)
        }
    }

    private enum VisitState { case new, active, done }

    private func visit(_ index: Int, edges: [[Int]], state: inout [VisitState], trail: inout [Int]) throws(JSONSchemaError) {
        state[index] = .active
        trail.append(index)
        for next in edges[index] {
            switch state[next] {
            case .new:
                try visit(next, edges: edges, state: &state, trail: &trail)
            case .active:
                let start = trail.firstIndex(of: next) ?? 0
                let cycle = (trail[start...] + [next]).map { Self.pointer(locations[$0]) }.joined(separator: " -> ")
                throw Self.error(at: locations[next], "`$ref` loops without reaching into the instance: \(cycle)")
            case .done:
                continue
            }
        }
        trail.removeLast()
        state[index] = .done
    }

    /// The `$ref` targets a node applies to the very same instance.
    private static func referencesInPlace(_ node: SchemaNode) -> [Int] {
        guard case .checks(let checks) = node else { return [] }
        var targets: [Int] = []
        for check in checks {
            switch check {
            case .ref(let index): targets.append(index)
            case .allOf(let nodes), .anyOf(let nodes), .oneOf(let nodes): targets += nodes.flatMap(referencesInPlace)
            case .not(let node): targets += referencesInPlace(node)
            default: break
            }
        }
        return targets
    }

    // MARK: Errors

    private static func error(at location: [String], _ message: String) -> JSONSchemaError {
        JSONSchemaError(location: pointer(location), message: message)
    }

    /// `#/properties/a~1b` for the tokens `properties`, `a/b`.
    static func pointer(_ tokens: [String]) -> String {
        "#" + tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }
}
