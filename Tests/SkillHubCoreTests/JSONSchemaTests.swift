import Foundation
import SkillHubCore
import Testing

@Suite("JSON Schema")
struct JSONSchemaTests {
    /// The violations of `instance` as "path: message" lines.
    func problems(_ schema: JSONValue, _ instance: JSONValue, root: String = "input") throws -> [String] {
        try JSONSchema(schema).validate(instance, root: root).map(\.description)
    }

    func schemaError(_ schema: JSONValue) -> JSONSchemaError? {
        do {
            _ = try JSONSchema(schema)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Types

    @Test(arguments: [
        ("null", JSONValue.null, JSONValue.bool(false), "must be null"),
        ("boolean", true, 0, "must be a boolean"),
        ("object", ["a": 1], [1], "must be an object"),
        ("array", [1, "a"], ["a": 1], "must be an array"),
        ("number", 1.5, "1.5", "must be a number"),
        ("integer", 3, 3.5, "must be an integer"),
        ("string", "x", nil, "must be a string"),
    ] as [(String, JSONValue, JSONValue, String)])
    func eachTypeAcceptsItsOwnKindOnly(type: String, good: JSONValue, bad: JSONValue, message: String) throws {
        let schema = try JSONSchema(["type": .string(type)])
        #expect(schema.validate(good).isEmpty)
        #expect(schema.validate(bad) == [JSONSchemaViolation(path: "input", message: message)])
    }

    @Test func integersAreNumbersWithoutAFraction() throws {
        let integer = try JSONSchema(["type": "integer"])
        #expect(integer.isValid(1.0))
        #expect(integer.isValid(-42))
        #expect(integer.isValid(1e20))
        #expect(!integer.isValid(1.5))
        #expect(!integer.isValid("1"))
        #expect(!integer.isValid(true))
        let number = try JSONSchema(["type": "number"])
        #expect(number.isValid(1.5))
        #expect(number.isValid(7))
        #expect(!number.isValid(false))
    }

    @Test func aListOfTypesAcceptsAnyOfThem() throws {
        #expect(try problems(["type": ["string", "null"]], .null) == [])
        #expect(try problems(["type": ["string", "null"]], "a") == [])
        #expect(try problems(["type": ["string", "null"]], 1) == ["input: must be a string or null"])
        #expect(try problems(["type": ["string", "integer", "array"]], 1.5) == ["input: must be a string, an integer or an array"])
    }

    // MARK: enum, const

    @Test func enumAndConst() throws {
        #expect(try problems(["enum": ["a", "b"]], "b") == [])
        #expect(try problems(["enum": ["a", "b"]], "c") == ["input: must be one of: a, b"])
        #expect(try problems(["enum": [1, nil, ["x": true]]], ["x": true]) == [])
        #expect(try problems(["enum": [1, nil, ["x": true]]], 2) == [#"input: must be one of: 1, null, {"x":true}"#])
        #expect(try problems(["const": 3], 3.0) == [])
        #expect(try problems(["const": 3], "3") == ["input: must be equal to 3"])
        #expect(try problems(["const": ["a": [1, 2]]], ["a": [1, 2]]) == [])
        #expect(try problems(["const": ["a": [1, 2]]], ["a": [2, 1]]) == [#"input: must be equal to {"a":[1,2]}"#])
    }

    // MARK: Numbers

    @Test func numericBounds() throws {
        let schema: JSONValue = ["minimum": 1, "maximum": 10]
        #expect(try problems(schema, 1) == [])
        #expect(try problems(schema, 10) == [])
        #expect(try problems(schema, 0.5) == ["input: must be at least 1"])
        #expect(try problems(schema, 10.5) == ["input: must be at most 10"])
        let exclusive: JSONValue = ["exclusiveMinimum": 0, "exclusiveMaximum": 1.5]
        #expect(try problems(exclusive, 0.001) == [])
        #expect(try problems(exclusive, 0) == ["input: must be greater than 0"])
        #expect(try problems(exclusive, 1.5) == ["input: must be less than 1.5"])
        #expect(try problems(schema, "not a number") == [], "numeric keywords ignore other types")
    }

    @Test func multipleOfToleratesBinaryFractions() throws {
        let tenths = try JSONSchema(["multipleOf": 0.1])
        #expect(tenths.isValid(0.3))
        #expect(tenths.isValid(4))
        #expect(!tenths.isValid(0.35))
        #expect(try JSONSchema(["multipleOf": 0.01]).isValid(19.99))
        #expect(try JSONSchema(["multipleOf": 0.0001]).isValid(0.0075))
        #expect(try !JSONSchema(["multipleOf": 0.0001]).isValid(0.00751))
        #expect(try problems(["multipleOf": 2], 7) == ["input: must be a multiple of 2"])
        #expect(try problems(["multipleOf": 2], -8) == [])
        #expect(try !JSONSchema(["multipleOf": 0.123456789]).isValid(1e308))
    }

    // MARK: Strings

    @Test func stringLengthsCountUnicodeScalars() throws {
        let schema: JSONValue = ["minLength": 2, "maxLength": 3]
        #expect(try problems(schema, "日本") == [])
        #expect(try problems(schema, "héé") == [])
        #expect(try problems(schema, "x") == ["input: must be at least 2 characters long"])
        #expect(try problems(schema, "abcd") == ["input: must be at most 3 characters long"])
        #expect(try problems(["minLength": 1], "") == ["input: must be at least 1 character long"])
        #expect(try problems(["maxLength": 1], "👍🏽") == ["input: must be at most 1 character long"], "a skin-toned emoji is two scalars")
        #expect(try problems(schema, 12345) == [])
    }

    @Test func patternsAreUnanchoredUnlessAnchored() throws {
        #expect(try problems(["pattern": "b"], "abc") == [])
        #expect(try problems(["pattern": "^[a-z]+$"], "abc") == [])
        #expect(try problems(["pattern": "^[a-z]+$"], "abc1") == ["input: must match the pattern ^[a-z]+$"])
        #expect(try problems(["pattern": "^a"], 1) == [])
    }

    // MARK: Arrays

    @Test func itemsReportTheFailingElement() throws {
        let schema: JSONValue = ["type": "array", "items": ["type": "string"]]
        #expect(try problems(schema, ["a", "b"]) == [])
        #expect(try problems(schema, []) == [])
        #expect(try problems(schema, ["a", 1, "c", true]) == ["input[1]: must be a string", "input[3]: must be a string"])
    }

    @Test func prefixItemsThenItems() throws {
        let tuple: JSONValue = ["prefixItems": [["type": "string"], ["type": "integer"]], "items": false]
        #expect(try problems(tuple, ["a", 1]) == [])
        #expect(try problems(tuple, ["a"]) == [])
        #expect(try problems(tuple, [1, "a", nil]) == [
            "input[0]: must be a string", "input[1]: must be an integer", "input[2]: is not allowed (extra item)",
        ])
        let rest: JSONValue = ["prefixItems": [["type": "string"]], "items": ["type": "number"]]
        #expect(try problems(rest, ["a", 1, 2.5]) == [])
        #expect(try problems(rest, ["a", "b"]) == ["input[1]: must be a number"])
        // The draft-07 tuple form.
        let legacy: JSONValue = ["items": [["type": "string"]], "additionalItems": false]
        #expect(try problems(legacy, ["a"]) == [])
        #expect(try problems(legacy, ["a", "b"]) == ["input[1]: is not allowed (extra item)"])
    }

    @Test func itemCountsAndUniqueness() throws {
        let schema: JSONValue = ["minItems": 1, "maxItems": 2, "uniqueItems": true]
        #expect(try problems(schema, [1, 2]) == [])
        #expect(try problems(schema, []) == ["input: must contain at least 1 item"])
        #expect(try problems(schema, [1, 2, 3]) == ["input: must contain at most 2 items"])
        #expect(try problems(schema, [1, 1.0]) == ["input: must not contain duplicate items (items 0 and 1 are equal)"])
        #expect(try problems(["uniqueItems": true], [["a": 1, "b": 2], "x", ["b": 2, "a": 1]]) == [
            "input: must not contain duplicate items (items 0 and 2 are equal)",
        ])
        #expect(try problems(["uniqueItems": true], [1, "1", true, nil, [1]]) == [])
        #expect(try problems(["uniqueItems": false], [1, 1]) == [])
    }

    // MARK: Objects

    @Test func propertiesRequiredAndNestedPaths() throws {
        let schema: JSONValue = [
            "type": "object",
            "required": ["name", "items"],
            "properties": [
                "name": ["type": "string", "minLength": 1],
                "items": [
                    "type": "array",
                    "items": ["type": "object", "required": ["sku"], "properties": ["sku": ["type": "string"], "qty": ["type": "integer", "minimum": 1]]],
                ],
            ],
        ]
        #expect(try problems(schema, ["name": "order", "items": [["sku": "a", "qty": 2]]]) == [])
        #expect(try problems(schema, [:]) == ["input.name: is required", "input.items: is required"])
        #expect(try problems(schema, ["name": "", "items": [["sku": "a"], ["sku": 5, "qty": 0], ["qty": 1]]]) == [
            "input.items[1].qty: must be at least 1",
            "input.items[1].sku: must be a string",
            "input.items[2].sku: is required",
            "input.name: must be at least 1 character long",
        ])
    }

    @Test func additionalProperties() throws {
        let closed: JSONValue = ["properties": ["a": true], "additionalProperties": false]
        #expect(try problems(closed, ["a": 1]) == [])
        #expect(try problems(closed, ["a": 1, "b": 2, "c": 3]) == [
            "input.b: is not allowed (unknown property)", "input.c: is not allowed (unknown property)",
        ])
        let typed: JSONValue = ["properties": ["a": ["type": "string"]], "additionalProperties": ["type": "integer"]]
        #expect(try problems(typed, ["a": "x", "b": 2]) == [])
        #expect(try problems(typed, ["a": "x", "b": "y"]) == ["input.b: must be an integer"])
        #expect(try problems(closed, [1, 2]) == [], "object keywords ignore other types")
    }

    @Test func patternPropertiesCountAsDeclared() throws {
        let schema: JSONValue = [
            "properties": ["id": ["type": "string"]],
            "patternProperties": ["^x-": ["type": "string"]],
            "additionalProperties": false,
        ]
        #expect(try problems(schema, ["id": "1", "x-trace": "abc"]) == [])
        #expect(try problems(schema, ["x-trace": 1, "y": 1]) == ["input.x-trace: must be a string", "input.y: is not allowed (unknown property)"])
    }

    @Test func propertyCounts() throws {
        let schema: JSONValue = ["minProperties": 1, "maxProperties": 2]
        #expect(try problems(schema, ["a": 1]) == [])
        #expect(try problems(schema, [:]) == ["input: must have at least 1 property"])
        #expect(try problems(schema, ["a": 1, "b": 2, "c": 3]) == ["input: must have at most 2 properties"])
    }

    @Test func pathsQuoteOddMemberNamesAndUseTheGivenRoot() throws {
        let schema: JSONValue = ["properties": ["a b": ["type": "string"], "ok_name": ["type": "string"], "": ["type": "string"]]]
        #expect(try problems(schema, ["a b": 1, "ok_name": 1, "": 1], root: "params") == [
            #"params[""]: must be a string"#, #"params["a b"]: must be a string"#, "params.ok_name: must be a string",
        ])
        #expect(try problems(["properties": ["a": ["items": ["type": "string"]]]], ["a": [1]], root: "") == ["a[0]: must be a string"])
        #expect(try problems(["type": "string"], 1, root: "") == ["must be a string"])
    }

    // MARK: Combinations

    @Test func allOfReportsEveryFailure() throws {
        let schema: JSONValue = ["allOf": [["type": "integer"], ["minimum": 10], ["multipleOf": 4]]]
        #expect(try problems(schema, 12) == [])
        #expect(try problems(schema, 5.5) == ["input: must be an integer", "input: must be at least 10", "input: must be a multiple of 4"])
    }

    @Test func anyOfExplainsEachAlternative() throws {
        let schema: JSONValue = ["anyOf": [["type": "string"], ["type": "object", "required": ["id"]]]]
        #expect(try problems(schema, "x") == [])
        #expect(try problems(schema, ["id": 1]) == [])
        #expect(try problems(schema, 1) == ["input: must match at least one of the allowed schemas (must be a string; or must be an object)"])
        #expect(try problems(schema, [:]) == ["input: must match at least one of the allowed schemas (must be a string; or input.id is required)"])
    }

    @Test func oneOfWantsExactlyOne() throws {
        let schema: JSONValue = ["oneOf": [["type": "integer"], ["minimum": 10]]]
        #expect(try problems(schema, 3) == [])
        #expect(try problems(schema, 10.5) == [])
        #expect(try problems(schema, 2.5) == ["input: must match exactly one of the allowed schemas (it matches none)"])
        #expect(try problems(schema, 12) == ["input: must match exactly one of the allowed schemas (it matches more than one)"])
    }

    @Test func notInverts() throws {
        #expect(try problems(["not": ["type": "null"]], 1) == [])
        #expect(try problems(["not": ["type": "null"]], nil) == ["input: must not match the disallowed schema"])
    }

    // MARK: Boolean schemas

    @Test func booleanSchemas() throws {
        let anything = try JSONSchema(true)
        let nothing = try JSONSchema(false)
        for value: JSONValue in [nil, false, 0, "", [], [:], ["a": [1]]] {
            #expect(anything.validate(value).isEmpty)
            #expect(nothing.validate(value) == [JSONSchemaViolation(path: "input", message: "is not allowed")])
        }
        #expect(try problems(["properties": ["legacy": false]], ["legacy": 1]) == ["input.legacy: is not allowed"])
        #expect(try problems(["properties": ["legacy": false]], ["other": 1]) == [])
    }

    // MARK: Several problems at once

    @Test func everyViolationIsReported() throws {
        let schema: JSONValue = [
            "type": "object",
            "required": ["query", "limit"],
            "additionalProperties": false,
            "properties": [
                "query": ["type": "string", "minLength": 3, "pattern": "^[a-z ]+$"],
                "mode": ["enum": ["fast", "exact"]],
                "tags": ["type": "array", "items": ["type": "string"], "maxItems": 2],
            ],
        ]
        #expect(try problems(schema, ["query": "X", "mode": "slow", "tags": ["a", 1, "c"], "extra": true]) == [
            "input.limit: is required",
            "input.extra: is not allowed (unknown property)",
            "input.mode: must be one of: fast, exact",
            "input.query: must be at least 3 characters long",
            "input.query: must match the pattern ^[a-z ]+$",
            "input.tags[1]: must be a string",
            "input.tags: must contain at most 2 items",
        ])
    }

    @Test func fieldErrorsMirrorViolations() throws {
        let schema = try JSONSchema(["required": ["name"], "properties": ["age": ["type": "integer"]]])
        let errors = schema.fieldErrors(["age": "old"])
        #expect(errors == [FieldError(field: "input.name", message: "is required"), FieldError(field: "input.age", message: "must be an integer")])
        #expect(schema.fieldErrors(["name": "x"], root: "body") == [])
        let error = SkillHubError.invalidFields(errors)
        #expect(error.message == "invalid request: input.name: is required; input.age: must be an integer")
    }

    // MARK: Unknown keywords

    @Test func annotationsAndUnknownKeywordsAreIgnored() throws {
        let schema: JSONValue = [
            "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:x", "title": "T", "description": "D",
            "default": 1, "examples": [1], "format": "email", "x-vendor": ["anything": [1, 2]], "deprecated": true,
            "type": "string",
        ]
        #expect(try problems(schema, "not an email") == [])
        #expect(try problems(schema, 1) == ["input: must be a string"])
    }

    // MARK: Malformed schemas

    @Test(arguments: [
        (JSONValue.string("object"), "#", "a schema must be an object or a boolean"),
        (["type": "text"], "#/type", "unknown type"),
        (["type": 1], "#/type", "`type` must be a type name"),
        (["type": []], "#/type", "`type` must be a type name"),
        (["type": ["string", "string"]], "#/type", "twice"),
        (["required": "name"], "#/required", "`required` must be an array of strings"),
        (["required": ["a", 1]], "#/required", "`required` must be an array of strings"),
        (["minimum": "1"], "#/minimum", "`minimum` must be a number"),
        (["exclusiveMaximum": true], "#/exclusiveMaximum", "`exclusiveMaximum` must be a number"),
        (["multipleOf": 0], "#/multipleOf", "greater than 0"),
        (["minLength": -1], "#/minLength", "non-negative integer"),
        (["maxItems": 1.5], "#/maxItems", "non-negative integer"),
        (["enum": "a"], "#/enum", "`enum` must be an array"),
        (["uniqueItems": "yes"], "#/uniqueItems", "must be a boolean"),
        (["properties": ["a": ["type": "strin"]]], "#/properties/a/type", "unknown type"),
        (["properties": ["a/b": 3]], "#/properties/a~1b", "a schema must be an object or a boolean"),
        (["properties": []], "#/properties", "must be an object whose values are schemas"),
        (["items": ["minimum": "0"]], "#/items/minimum", "must be a number"),
        (["prefixItems": []], "#/prefixItems", "non-empty array of schemas"),
        (["anyOf": []], "#/anyOf", "non-empty array of schemas"),
        (["allOf": [true, 1]], "#/allOf/1", "a schema must be an object or a boolean"),
        (["not": "x"], "#/not", "a schema must be an object or a boolean"),
        (["additionalProperties": nil], "#/additionalProperties", "a schema must be an object or a boolean"),
        (["$defs": ["a": ["type": "nope"]]], "#/$defs/a/type", "unknown type"),
    ] as [(JSONValue, String, String)])
    func malformedSchemasAreRefused(schema: JSONValue, location: String, fragment: String) {
        let error = schemaError(schema)
        #expect(error?.location == location)
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func badRegularExpressionsAreRefused() {
        #expect(schemaError(["pattern": "^(unclosed"])?.location == "#/pattern")
        #expect(schemaError(["pattern": "[z-a]"])?.message.contains("not a valid regular expression") == true)
        #expect(schemaError(["pattern": 5])?.message == "`pattern` must be a string")
        #expect(schemaError(["patternProperties": ["(": true]])?.location == "#/patternProperties/(")
        #expect(schemaError(["properties": ["a": ["pattern": "*"]]])?.location == "#/properties/a/pattern")
        let error = schemaError(["pattern": "("])
        #expect(error?.description.hasPrefix("invalid JSON schema at #/pattern:") == true)
    }

    // MARK: References

    @Test func referencesToDefinitions() throws {
        let schema: JSONValue = [
            "$defs": ["name": ["type": "string", "minLength": 1]],
            "definitions": ["count": ["type": "integer", "minimum": 0]],
            "properties": [
                "first": ["$ref": "#/$defs/name"],
                "last": ["$ref": "#/$defs/name"],
                "count": ["$ref": "#/definitions/count", "maximum": 9],
            ],
        ]
        #expect(try problems(schema, ["first": "Ada", "last": "L", "count": 3]) == [])
        #expect(try problems(schema, ["first": "", "last": 1, "count": 10]) == [
            "input.count: must be at most 9", "input.first: must be at least 1 character long", "input.last: must be a string",
        ])
        #expect(try problems(schema, ["count": -1]) == ["input.count: must be at least 0"])
    }

    @Test func recursiveReferences() throws {
        let tree: JSONValue = [
            "$ref": "#/$defs/node",
            "$defs": [
                "node": [
                    "type": "object", "required": ["value"],
                    "properties": ["value": ["type": "integer"], "children": ["type": "array", "items": ["$ref": "#/$defs/node"]]],
                ],
            ],
        ]
        #expect(try problems(tree, ["value": 1, "children": [["value": 2], ["value": 3, "children": [["value": 4]]]]]) == [])
        #expect(try problems(tree, ["value": 1, "children": [["value": 2], ["value": 3, "children": [["value": "4"], [:]]]]]) == [
            "input.children[1].children[0].value: must be an integer",
            "input.children[1].children[1].value: is required",
        ])
        let list: JSONValue = ["type": ["object", "null"], "properties": ["next": ["$ref": "#"]]]
        #expect(try problems(list, ["next": ["next": ["next": nil]]]) == [])
        #expect(try problems(list, ["next": ["next": 3]]) == ["input.next.next: must be an object or null"])
    }

    @Test func pointersAreUnescaped() throws {
        let schema: JSONValue = [
            "$defs": ["a/b": ["type": "string"], "c~d": ["type": "integer"], "e f": ["type": "boolean"]],
            "prefixItems": [["$ref": "#/$defs/a~1b"], ["$ref": "#/$defs/c~0d"], ["$ref": "#/$defs/e%20f"], ["$ref": "#/prefixItems/0"]],
        ]
        #expect(try problems(schema, ["x", 1, true, "y"]) == [])
        #expect(try problems(schema, [1, "x", 0, 2]) == [
            "input[0]: must be a string", "input[1]: must be an integer", "input[2]: must be a boolean", "input[3]: must be a string",
        ])
    }

    @Test func badReferencesAreRefused() {
        #expect(schemaError(["$ref": "#/$defs/missing"])?.message.contains("points to nothing") == true)
        #expect(schemaError(["properties": ["a": ["$ref": "#/$defs/missing"]]])?.location == "#/properties/a/$ref")
        #expect(schemaError(["$ref": "https://example.com/schema.json"])?.message.contains("only references within this document") == true)
        #expect(schemaError(["$ref": "#anchor"])?.message.contains("anchors are not supported") == true)
        #expect(schemaError(["$ref": 1])?.message == "`$ref` must be a string")
        #expect(schemaError(["$ref": "#/$defs/x", "$defs": ["x": 5]])?.location == "#/$defs/x")
    }

    @Test func referenceLoopsThatNeverConsumeTheInstanceAreRefused() {
        let direct = schemaError(["$ref": "#"])
        #expect(direct?.message == "`$ref` loops without reaching into the instance: # -> #")
        let mutual = schemaError(["$ref": "#/$defs/a", "$defs": ["a": ["anyOf": [["$ref": "#/$defs/b"]]], "b": ["not": ["$ref": "#/$defs/a"]]]])
        #expect(mutual?.message.contains("#/$defs/a -> #/$defs/b -> #/$defs/a") == true, "\(String(describing: mutual))")
        let unused = schemaError(["$defs": ["a": ["allOf": [["$ref": "#/$defs/a"]]]]])
        #expect(unused?.location == "#/$defs/a")
    }

    // MARK: Use

    @Test func compilesADecodedToolSchemaAndSharesItAcrossTasks() async throws {
        let text = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"city": {"type": "string", "description": "City name"},
                            "units": {"type": "string", "enum": ["metric", "imperial"], "default": "metric"},
                            "days": {"type": "integer", "minimum": 1, "maximum": 14}},
             "required": ["city"], "additionalProperties": false}
            """
        let schema = try JSONSchema(JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
        let counts = await withTaskGroup(of: Int.self) { group in
            for day in 0..<20 {
                group.addTask { schema.validate(["city": "Oslo", "days": .number(Double(day))]).count }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.reduce(0, +) == 6)  // days 0 and 15…19 are out of range
        #expect(schema.document["required"] == ["city"])
    }
}
