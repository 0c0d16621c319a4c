import Foundation

/// A JSON Schema (a subset of draft 2020-12), compiled once and then used to check any
/// number of ``JSONValue`` instances, e.g. a skill's input against its declared parameters.
///
/// Keywords checked: `type`, `enum`, `const`; `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `multipleOf`; `minLength`, `maxLength`, `pattern`; `items`, `prefixItems`
/// (and the draft-07 array form of `items` with `additionalItems`), `minItems`, `maxItems`,
/// `uniqueItems`; `properties`, `patternProperties`, `additionalProperties`, `required`,
/// `minProperties`, `maxProperties`; `allOf`, `anyOf`, `oneOf`, `not`; boolean schemas; and
/// `$ref` to a JSON Pointer within the same document (`#`, `#/$defs/name`, `#/definitions/name`, …).
///
/// Every other keyword is ignored: annotations (`title`, `description`, `default`, `examples`,
/// `$schema`, `$id`, `format`, …) and the validation keywords not implemented here (`if`/`then`/`else`,
/// `contains`, `propertyNames`, `dependentRequired`, `dependentSchemas`, `unevaluated*`, `$anchor`,
/// `$dynamicRef`).
///
/// Notes: string lengths count Unicode scalars (code points), as the specification does; `pattern`
/// uses `NSRegularExpression` (ICU syntax, which agrees with ECMA-262 for ordinary patterns) and, as
/// specified, matches anywhere in the string unless anchored; `integer` means a number with no
/// fractional part, so `1.0` is an integer.
public struct JSONSchema: Sendable {
    /// The schema document this schema was compiled from.
    public let document: JSONValue
    /// The compiled root schema (index 0), followed by every `$ref` target and `$defs` entry.
    let nodes: [SchemaNode]

    /// Compiles `document`.
    ///
    /// - Throws: ``JSONSchemaError`` naming the offending location when the schema is malformed:
    ///   a keyword of the wrong kind (`type` not a type name or array of them, `required` not an array
    ///   of strings, `minimum` not a number, …), a `pattern` that is not a valid regular expression,
    ///   or a `$ref` that is not local, points nowhere, or loops without ever reaching into the instance.
    public init(_ document: JSONValue) throws(JSONSchemaError) {
        var compiler = SchemaCompiler(document: document)
        self.nodes = try compiler.compile()
        self.document = document
    }

    /// Every way in which `instance` fails this schema, in a stable order; empty when it is valid.
    ///
    /// - Parameter root: the name that starts every ``JSONSchemaViolation/path`` (`input`,
    ///   `input.name`, `input.items[2]`); with an empty root, paths start at the first member (`name`).
    public func validate(_ instance: JSONValue, root: String = "input") -> [JSONSchemaViolation] {
        guard let rootNode = nodes.first else { return [] }
        var evaluator = SchemaEvaluator(nodes: nodes, stopAtFirst: false)
        evaluator.evaluate(rootNode, instance, at: .root(root))
        return evaluator.violations
    }

    /// Whether `instance` satisfies this schema; stops at the first violation.
    public func isValid(_ instance: JSONValue) -> Bool {
        guard let rootNode = nodes.first else { return true }
        var evaluator = SchemaEvaluator(nodes: nodes, stopAtFirst: true)
        evaluator.evaluate(rootNode, instance, at: .root(""))
        return evaluator.violations.isEmpty
    }
}

public extension JSONSchema {
    /// The violations of `instance` as request field errors, ready for ``SkillHubError/invalidFields(_:)``.
    func fieldErrors(_ instance: JSONValue, root: String = "input") -> [FieldError] {
        validate(instance, root: root).map { FieldError(field: $0.path, message: $0.message) }
    }
}

// MARK: - Compiled form

/// A compiled schema: a boolean schema, or the checks of an object schema in a fixed order.
enum SchemaNode: Sendable {
    case always(Bool)
    case checks([SchemaCheck])
}

/// One compiled keyword (or group of keywords that must be evaluated together).
enum SchemaCheck: Sendable {
    case type([SchemaType])
    case constant(JSONValue)
    case enumeration([JSONValue])

    case minimum(Double)
    case maximum(Double)
    case exclusiveMinimum(Double)
    case exclusiveMaximum(Double)
    case multipleOf(Double)

    case minLength(Int)
    case maxLength(Int)
    case pattern(SchemaPattern)

    /// `prefixItems` then `items` for the remaining elements.
    case items(prefix: [SchemaNode], rest: SchemaNode?)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems

    /// `properties`, `patternProperties` and `additionalProperties`, which depend on one another.
    case members(properties: [String: SchemaNode], patterns: [PatternProperty], additional: SchemaNode?)
    case required([String])
    case minProperties(Int)
    case maxProperties(Int)

    case allOf([SchemaNode])
    case anyOf([SchemaNode])
    case oneOf([SchemaNode])
    case not(SchemaNode)
    /// An index into ``JSONSchema/nodes``.
    case ref(Int)
}

struct PatternProperty: Sendable {
    let pattern: SchemaPattern
    let schema: SchemaNode
}

/// The JSON types named by `type`.
enum SchemaType: String, CaseIterable, Sendable {
    case null, boolean, object, array, number, integer, string

    func matches(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array), (.number, .number), (.string, .string):
            true
        case (.integer, .number(let number)):
            number.isFinite && number.rounded(.towardZero) == number
        default:
            false
        }
    }

    /// "a string", "an integer", "null".
    var noun: String {
        switch self {
        case .null: "null"
        case .boolean: "a boolean"
        case .object: "an object"
        case .array: "an array"
        case .number: "a number"
        case .integer: "an integer"
        case .string: "a string"
        }
    }
}

/// A `pattern` compiled once.
struct SchemaPattern: @unchecked Sendable {  // NSRegularExpression is immutable and documented as thread-safe.
    let source: String
    private let expression: NSRegularExpression

    init?(_ source: String) {
        guard let expression = try? NSRegularExpression(pattern: source) else { return nil }
        self.source = source
        self.expression = expression
    }

    /// Whether the pattern matches anywhere in `text` (patterns are not implicitly anchored).
    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}
