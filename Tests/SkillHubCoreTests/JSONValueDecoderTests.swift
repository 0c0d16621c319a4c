import Foundation
import SkillHubCore
import Testing

@Suite("JSONValueDecoder: Codable from a parsed tree, as JSONDecoder does")
struct JSONValueDecoderTests {
    struct Registration: Codable, Equatable {
        var name: String
        var version: Int
        var summary: String?
        var weight: Double
        var enabled: Bool
        var tags: [String]
        var endpoints: [Endpoint]
        var limits: [String: Int]
        var createdAt: Date
        var id: UUID
        var homepage: URL?
        var icon: Data?
        var input: JSONValue
        var metadata: [String: JSONValue]?
        var ratio: Float?
        var small: Int8?
        var counts: [UInt16]?
        var matrix: [[Int]]?
        var optionals: [Int?]?
        var byRegion: [String: [Endpoint]]?
    }

    struct Endpoint: Codable, Equatable {
        var url: String
        var weight: Int
        var region: String?
        var headers: [String: String]?
    }

    static let valid = #"""
        {"name": "echo", "version": 3, "summary": null, "weight": 0.5, "enabled": true, "tags": ["a", "b"],
         "endpoints": [{"url": "http://a", "weight": 1}, {"url": "http://b", "weight": 2, "region": "eu", "headers": {"x": "y"}},
                       {"url": "http://c", "weight": 3.0}],
         "limits": {"rps": 10, "burst": 20}, "createdAt": "2026-12-03T10:00:00Z",
         "id": "6F9619FF-8B86-D011-B42D-00C04FC964FF", "homepage": "https://example.com/a?b=c", "icon": "aGVsbG8=",
         "input": {"text": "hello", "n": [1, 2.5, null, true, {"deep": []}]}, "metadata": {"k": [1, "v"]},
         "ratio": 0.1, "small": -128, "counts": [0, 65535], "matrix": [[1], [2, 3]], "optionals": [1, null, 3],
         "byRegion": {"eu": [{"url": "http://e", "weight": 1}]}}
        """#

    /// Variations of ``valid`` (one member replaced, added or removed) on which both decoders must agree.
    static let variations: [String] = [
        valid,
        valid.replacingOccurrences(of: #""name": "echo", "#, with: ""),
        valid.replacingOccurrences(of: #""name": "echo""#, with: #""name": 5"#),
        valid.replacingOccurrences(of: #""name": "echo""#, with: #""name": null"#),
        valid.replacingOccurrences(of: #""version": 3"#, with: #""version": "3""#),
        valid.replacingOccurrences(of: #""version": 3"#, with: #""version": true"#),
        valid.replacingOccurrences(of: #""version": 3"#, with: #""version": 3e0"#),
        valid.replacingOccurrences(of: #""weight": 0.5"#, with: #""weight": 7"#),
        valid.replacingOccurrences(of: #""weight": 0.5"#, with: #""weight": "0.5""#),
        valid.replacingOccurrences(of: #""enabled": true"#, with: #""enabled": 1"#),
        valid.replacingOccurrences(of: #""enabled": true"#, with: #""enabled": null"#),
        valid.replacingOccurrences(of: #""summary": null"#, with: #""summary": 12"#),
        valid.replacingOccurrences(of: #""summary": null"#, with: #""summary": "s""#),
        valid.replacingOccurrences(of: #"["a", "b"]"#, with: #"["a", 2]"#),
        valid.replacingOccurrences(of: #"["a", "b"]"#, with: #"["a", null]"#),
        valid.replacingOccurrences(of: #"["a", "b"]"#, with: #"{"a": "b"}"#),
        valid.replacingOccurrences(of: #"["a", "b"]"#, with: "null"),
        valid.replacingOccurrences(of: #"{"url": "http://c", "weight": 3.0}"#, with: #"{"weight": 3}"#),
        valid.replacingOccurrences(of: #""url": "http://a""#, with: #""url": null"#),
        valid.replacingOccurrences(of: #""weight": 2,"#, with: #""weight": "2","#),
        valid.replacingOccurrences(of: #""region": "eu""#, with: #""region": ["eu"]"#),
        valid.replacingOccurrences(of: #""headers": {"x": "y"}"#, with: #""headers": {"x": 1}"#),
        valid.replacingOccurrences(of: #""headers": {"x": "y"}"#, with: #""headers": []"#),
        valid.replacingOccurrences(of: #"{"url": "http://a", "weight": 1}"#, with: "null"),
        valid.replacingOccurrences(of: #"{"url": "http://a", "weight": 1}"#, with: "[]"),
        valid.replacingOccurrences(of: #""burst": 20"#, with: #""burst": "20""#),
        valid.replacingOccurrences(of: #""burst": 20"#, with: #""burst": null"#),
        valid.replacingOccurrences(of: #""2026-12-03T10:00:00Z""#, with: #""2026-12-03T10:00:00.25Z""#),
        valid.replacingOccurrences(of: #""2026-12-03T10:00:00Z""#, with: #""2026-12-03T12:00:00+02:00""#),
        valid.replacingOccurrences(of: #""2026-12-03T10:00:00Z""#, with: "1796292000"),
        valid.replacingOccurrences(of: #""2026-12-03T10:00:00Z""#, with: "null"),
        valid.replacingOccurrences(of: #""6F9619FF-8B86-D011-B42D-00C04FC964FF""#, with: #""6f9619ff-8b86-d011-b42d-00c04fc964ff""#),
        valid.replacingOccurrences(of: #""6F9619FF-8B86-D011-B42D-00C04FC964FF""#, with: #""not-a-uuid""#),
        valid.replacingOccurrences(of: #""6F9619FF-8B86-D011-B42D-00C04FC964FF""#, with: "null"),
        valid.replacingOccurrences(of: #""6F9619FF-8B86-D011-B42D-00C04FC964FF""#, with: "42"),
        valid.replacingOccurrences(of: #""https://example.com/a?b=c""#, with: #""""#),
        valid.replacingOccurrences(of: #""https://example.com/a?b=c""#, with: #"{"relative": "x"}"#),
        valid.replacingOccurrences(of: #""aGVsbG8=""#, with: #""not base64!""#),
        valid.replacingOccurrences(of: #""aGVsbG8=""#, with: "[104, 105]"),
        valid.replacingOccurrences(of: #""input": {"text": "hello", "n": [1, 2.5, null, true, {"deep": []}]}"#, with: #""input": null"#),
        valid.replacingOccurrences(of: #""input": {"text": "hello", "n": [1, 2.5, null, true, {"deep": []}]}, "#, with: ""),
        valid.replacingOccurrences(of: #""metadata": {"k": [1, "v"]}"#, with: #""metadata": [1]"#),
        valid.replacingOccurrences(of: #""ratio": 0.1"#, with: #""ratio": 3.4e38"#),
        valid.replacingOccurrences(of: #""small": -128"#, with: #""small": "x""#),
        valid.replacingOccurrences(of: #""counts": [0, 65535]"#, with: #""counts": [0, null]"#),
        valid.replacingOccurrences(of: #""matrix": [[1], [2, 3]]"#, with: #""matrix": [[1], [2, "3"]]"#),
        valid.replacingOccurrences(of: #""matrix": [[1], [2, 3]]"#, with: #""matrix": [[1], 2]"#),
        valid.replacingOccurrences(of: #""optionals": [1, null, 3]"#, with: #""optionals": [1, null, "3"]"#),
        valid.replacingOccurrences(of: #""byRegion": {"eu": [{"url": "http://e", "weight": 1}]}"#, with: #""byRegion": {"eu": [{"url": 1, "weight": 1}]}"#),
        valid.replacingOccurrences(of: #""byRegion": {"eu": [{"url": "http://e", "weight": 1}]}"#, with: #""byRegion": {"eu": [{"weight": 1}]}"#),
        "[]",
        "null",
        #""text""#,
        "{}",
    ]

    @Test(arguments: variations)
    func agreesWithJSONDecoder(text: String) {
        #expect(Outcome(Registration.self, decodedBy: .native, from: text) == Outcome(Registration.self, decodedBy: .foundation, from: text))
    }

    @Test func codingPathsNameArrayPositions() {
        let missing = Self.valid.replacingOccurrences(of: #"{"url": "http://c", "weight": 3.0}"#, with: #"{"weight": 3}"#)
        #expect(Outcome(Registration.self, decodedBy: .native, from: missing) == .keyNotFound(
            key: "url", path: "endpoints[2]", description: #"No value associated with key CodingKeys(stringValue: "url", intValue: nil) ("url")."#))
        let null = Self.valid.replacingOccurrences(of: #""url": "http://a""#, with: #""url": null"#)
        #expect(Outcome(Registration.self, decodedBy: .native, from: null) == .valueNotFound(
            type: "String", path: "endpoints[0].url", description: "Cannot get value of type String -- found null value instead"))
        let wrong = Self.valid.replacingOccurrences(of: #""matrix": [[1], [2, 3]]"#, with: #""matrix": [[1], [2, "3"]]"#)
        #expect(Outcome(Registration.self, decodedBy: .native, from: wrong) == .typeMismatch(
            type: "Int", path: "matrix[1][1]", description: "Expected to decode Int but found a string instead."))
    }

    @Test func theValidBodyDecodesInFull() throws {
        let registration = try JSONValueDecoder().decode(Registration.self, from: Data(Self.valid.utf8))
        #expect(registration.endpoints.map(\.url) == ["http://a", "http://b", "http://c"])
        #expect(registration.input == ["text": "hello", "n": [1, 2.5, nil, true, ["deep": []]]])
        #expect(registration.createdAt == Date(timeIntervalSince1970: 1_796_292_000))
        #expect(registration.icon == Data("hello".utf8))
        #expect(registration.optionals == [1, nil, 3])
    }

    @Test(arguments: [
        "0", "1", "-1", "-0", "1.0", "1e2", "0.5", "255", "256", "-129", "65536", "4294967296", "9007199254740991", "3.4e38", "3.5e38",
        "true", "false", "null", "\"1\"", "\"\"", "\"aGk=\"", "\"http://a/b\"", "\"2026-12-03T10:00:00Z\"",
        "\"6F9619FF-8B86-D011-B42D-00C04FC964FF\"", "[]", "[1]", "[null]", "{}", #"{"a": 1}"#,
    ])
    func singleValuesAgreeWithJSONDecoder(text: String) {
        func compare<T: Decodable & Equatable>(_: T.Type) {
            let native = Outcome(T.self, decodedBy: .native, from: text)
            let foundation = Outcome(T.self, decodedBy: .foundation, from: text)
            // JSONDecoder reports a number out of T's range as "not valid JSON" at the root; see below.
            if case .dataCorrupted("", "The given data was not valid JSON.") = foundation, case .dataCorrupted("", let message) = native {
                #expect(message.hasSuffix("is not representable in Swift."))
                return
            }
            #expect(native == foundation, "\(T.self) from \(text)")
        }
        compare(Int.self)
        compare(Int8.self)
        compare(UInt8.self)
        compare(Int16.self)
        compare(UInt32.self)
        compare(Int64.self)
        compare(UInt64.self)
        compare(Double.self)
        compare(Float.self)
        compare(Bool.self)
        compare(String.self)
        compare(Date.self)
        compare(URL.self)
        compare(Data.self)
        compare(UUID.self)
        compare([Int].self)
        compare([Int?].self)
        compare([String: Int].self)
        compare(Int?.self)
        compare(JSONValue.self)
    }

    @Test func fractionalSecondsAreKept() throws {
        let text = #"["2026-12-03T10:00:00.25Z", "2026-12-03T10:00:00Z"]"#
        #expect(try JSONValueDecoder().decode([Date].self, from: Data(text.utf8)) == [Date(timeIntervalSince1970: 1_796_292_000.25), Date(timeIntervalSince1970: 1_796_292_000)])
    }

    /// Cases where `JSONDecoder` loses the coding path (and says only "not valid JSON"); these keep it.
    @Test(arguments: [
        (#"{"version": 1.5}"#, "version", "Number 1.5 is not representable in Swift."),
        (#"{"small": 300}"#, "small", "Number 300 is not representable in Swift."),
        (#"{"counts": [1, -1]}"#, "counts[1]", "Number -1 is not representable in Swift."),
        (#"{"ratio": 1e300}"#, "ratio", "Number 1e+300 is not representable in Swift."),
        (#"{"ratio": 1e-50}"#, "ratio", "Number 1e-50 is not representable in Swift."),
        (#"{"createdAt": "2026-12-03"}"#, "createdAt", "Expected date string to be ISO8601-formatted."),
    ])
    func numbersOutOfRangeAndMalformedDatesKeepTheirPath(text: String, field: String, message: String) {
        struct Partial: Decodable, Equatable {
            var version: Int?
            var small: Int8?
            var counts: [UInt16]?
            var ratio: Float?
            var createdAt: Date?
        }
        guard case .dataCorrupted(let path, let description) = Outcome(Partial.self, decodedBy: .native, from: text) else {
            Issue.record("not .dataCorrupted")
            return
        }
        #expect(path == field)
        #expect(description == message)
        guard case .dataCorrupted = Outcome(Partial.self, decodedBy: .foundation, from: text) else {
            Issue.record("JSONDecoder does not give .dataCorrupted either")
            return
        }
    }

    @Test func integersAreExactOrRefused() throws {
        let decoder = JSONValueDecoder()
        #expect(try decoder.decode(Int64.self, from: .number(9_007_199_254_740_991)) == 9_007_199_254_740_991)
        #expect(try decoder.decode(Int.self, from: .number(-0.0)) == 0)
        #expect(try decoder.decode(UInt8.self, from: .number(255)) == 255)
        // 2^53 and beyond: the Double may stand for a neighbouring integer.
        #expect(throws: DecodingError.self) { try decoder.decode(Int64.self, from: Data("9007199254740993".utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode(UInt64.self, from: Data("12345678901234567890".utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode(UInt64.self, from: Data("1e19".utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode(Int.self, from: .number(.infinity)) }
    }

    @Test func jsonValueMembersAreTakenFromTheTreeWhole() throws {
        struct Body: Decodable {
            var input: JSONValue
            var items: [JSONValue]
            var object: [String: JSONValue]
        }
        let tree: JSONValue = ["input": ["a": [1, true, "x", nil]], "items": [false, ["b": nil]], "object": ["c": 1.5]]
        let decoder = JSONValueDecoder()
        let body = try decoder.decode(Body.self, from: tree)
        #expect(body.input == ["a": [1, true, "x", nil]])
        #expect(body.items == [false, ["b": nil]])
        #expect(body.object == ["c": 1.5])
        #expect(try decoder.decode(JSONValue.self, from: tree) == tree)
    }

    @Test func userInfoReachesTheTypesDecoded() throws {
        struct Probe: Decodable {
            static let key = CodingUserInfoKey(rawValue: "probe")!
            var seen: String?
            init(from decoder: any Decoder) throws {
                seen = decoder.userInfo[Self.key] as? String
            }
        }
        var decoder = JSONValueDecoder()
        decoder.userInfo[Probe.key] = "here"
        #expect(try decoder.decode([Probe].self, from: [nil]).first?.seen == "here")
    }

    @Test func dictionariesDecodeAsJSONDecoderDecodesThem() {
        let text = #"{"1": "one", "20": "twenty", "x": "ex"}"#
        #expect(Outcome([String: String].self, decodedBy: .native, from: text) == Outcome([String: String].self, decodedBy: .foundation, from: text))
        #expect(Outcome([Int: String].self, decodedBy: .native, from: text) == Outcome([Int: String].self, decodedBy: .foundation, from: text))
        let numbers = #"{"1": "one", "20": "twenty"}"#
        #expect(Outcome([Int: String].self, decodedBy: .native, from: numbers) == Outcome([Int: String].self, decodedBy: .foundation, from: numbers))
        let nested = #"{"a": {"b": [1, 2]}, "c": {"d": [3, "x"]}}"#
        #expect(Outcome([String: [String: [Int]]].self, decodedBy: .native, from: nested) == Outcome([String: [String: [Int]]].self, decodedBy: .foundation, from: nested))
    }

    @Test(arguments: ["[]", "[1]", "[1, 2]", "[null]", "[null, 1]", "[[1]]", "[{}]", "[{\"super\": 1}]", "{}", "1", "null"])
    func containersBehaveAsJSONDecoderContainersDo(text: String) {
        #expect(Outcome(ContainerLog.self, decodedBy: .native, from: text) == Outcome(ContainerLog.self, decodedBy: .foundation, from: text))
        #expect(Outcome(KeyedLog.self, decodedBy: .native, from: text) == Outcome(KeyedLog.self, decodedBy: .foundation, from: text))
    }

    @Test(arguments: [#"{"a": 1}"#, #"{"a": null}"#, #"{"a": [1]}"#, #"{"a": {"b": 2}}"#, #"{"super": {"b": 2}}"#, #"{"a": {"b": null}}"#])
    func keyedContainersBehaveAsJSONDecoderContainersDo(text: String) {
        #expect(Outcome(KeyedLog.self, decodedBy: .native, from: text) == Outcome(KeyedLog.self, decodedBy: .foundation, from: text))
    }

    @Test func textThatIsNotJSONIsDataCorrupted() {
        let error = #expect(throws: DecodingError.self) { try JSONValueDecoder().decode([Int].self, from: Data("[1,]".utf8)) }
        guard case .dataCorrupted(let context)? = error else {
            Issue.record("not .dataCorrupted")
            return
        }
        #expect(context.codingPath.isEmpty)
        #expect(context.debugDescription == "The given data was not valid JSON.")
        #expect((context.underlyingError as? JSONValueParsingError)?.description == "expected a value at byte 3")
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        // JSONDecoder keeps the first; the parser, like JSONSerialization, the last.
        #expect(try JSONValueDecoder().decode([String: Int].self, from: Data(#"{"a": 1, "a": 2}"#.utf8)) == ["a": 2])
    }
}

// MARK: - Comparing outcomes

/// What decoding came to, comparable between the two decoders: the value, or the error's case, type, path and message.
private enum Outcome<Value: Equatable>: Equatable {
    case value(Value)
    case keyNotFound(key: String, path: String, description: String)
    case typeMismatch(type: String, path: String, description: String)
    case valueNotFound(type: String, path: String, description: String)
    case dataCorrupted(path: String, description: String)
    case other(String)

    enum DecoderKind {
        case native, foundation
    }

    init(_ type: Value.Type, decodedBy decoder: DecoderKind, from text: String) where Value: Decodable {
        do {
            switch decoder {
            case .native:
                self = .value(try JSONValueDecoder().decode(type, from: Data(text.utf8)))
            case .foundation:
                let foundation = JSONDecoder()
                foundation.dateDecodingStrategy = .iso8601
                self = .value(try foundation.decode(type, from: Data(text.utf8)))
            }
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                self = .keyNotFound(key: Self.field([key]), path: Self.field(context.codingPath), description: context.debugDescription)
            case .typeMismatch(let type, let context):
                self = .typeMismatch(type: "\(type)", path: Self.field(context.codingPath), description: context.debugDescription)
            case .valueNotFound(let type, let context):
                self = .valueNotFound(type: "\(type)", path: Self.field(context.codingPath), description: context.debugDescription)
            case .dataCorrupted(let context):
                self = .dataCorrupted(path: Self.field(context.codingPath), description: context.debugDescription)
            @unknown default:
                self = .other("\(error)")
            }
        } catch {
            self = .other("\(error)")
        }
    }

    /// A coding path as the server reports it (`endpoints[2].url`), index keys checked to read "Index n" as JSONDecoder's do.
    static func field(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { field, key in
            if let index = key.intValue, key.stringValue == "Index \(index)" {
                field += "[\(index)]"
            } else {
                field += field.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
    }
}

/// Records what unkeyed container operations give, to compare decoders step by step.
private struct ContainerLog: Decodable, Equatable {
    var steps: [String] = []

    init(from decoder: any Decoder) throws {
        var container: any UnkeyedDecodingContainer
        do {
            container = try decoder.unkeyedContainer()
        } catch {
            steps.append("unkeyedContainer: \(Outcome<Int>.describe(error))")
            return
        }
        steps.append("count \(String(describing: container.count)), at end \(container.isAtEnd), path \(Outcome<Int>.field(container.codingPath))")
        steps.record("decodeNil") { try container.decodeNil() }
        steps.record("decodeIfPresent") { try container.decodeIfPresent(Int.self) }
        steps.record("index") { container.currentIndex }
        steps.record("decodeNil") { try container.decodeNil() }
        steps.record("decode") { try container.decode(Int.self) }
        steps.record("nestedContainer") { try container.nestedContainer(keyedBy: JSONValueDecoderTests.Key.self).allKeys.map(\.stringValue) }
        steps.record("nestedUnkeyedContainer") { try container.nestedUnkeyedContainer().count }
        steps.record("superDecoder") { try Outcome<Int>.field(container.superDecoder().codingPath) }
        steps.record("decodeIfPresent") { try container.decodeIfPresent(String.self) }
        steps.record("index") { container.currentIndex }
        steps.record("decodeNil") { try container.decodeNil() }
        steps.record("single") { try decoder.singleValueContainer().decodeNil() }
    }
}

/// Records what keyed container operations give.
private struct KeyedLog: Decodable, Equatable {
    var steps: [String] = []

    init(from decoder: any Decoder) throws {
        let container: KeyedDecodingContainer<JSONValueDecoderTests.Key>
        do {
            container = try decoder.container(keyedBy: JSONValueDecoderTests.Key.self)
        } catch {
            steps.append("container: \(Outcome<Int>.describe(error))")
            return
        }
        steps.record("allKeys") { container.allKeys.map(\.stringValue).sorted() }
        steps.record("contains") { container.contains(.a) }
        steps.record("decodeNil") { try container.decodeNil(forKey: .a) }
        steps.record("decodeNil missing") { try container.decodeNil(forKey: .missing) }
        steps.record("decode") { try container.decode(Int.self, forKey: .a) }
        steps.record("decodeIfPresent") { try container.decodeIfPresent(Int.self, forKey: .a) }
        steps.record("decodeIfPresent missing") { try container.decodeIfPresent(Int.self, forKey: .missing) }
        steps.record("nestedContainer") { try container.nestedContainer(keyedBy: JSONValueDecoderTests.Key.self, forKey: .a).decode(Int.self, forKey: .b) }
        steps.record("nestedContainer missing") { try container.nestedContainer(keyedBy: JSONValueDecoderTests.Key.self, forKey: .missing).allKeys.count }
        steps.record("nestedUnkeyedContainer") { try container.nestedUnkeyedContainer(forKey: .a).count }
        steps.record("nestedUnkeyedContainer missing") { try container.nestedUnkeyedContainer(forKey: .missing).count }
        steps.record("superDecoder") {
            let superDecoder = try container.superDecoder()
            return "\(Outcome<Int>.field(superDecoder.codingPath)) \(try superDecoder.singleValueContainer().decodeNil())"
        }
        steps.record("superDecoder super b") { try container.superDecoder().container(keyedBy: JSONValueDecoderTests.Key.self).decode(Int.self, forKey: .b) }
        steps.record("superDecoder(forKey:)") {
            let superDecoder = try container.superDecoder(forKey: .missing)
            return "\(Outcome<Int>.field(superDecoder.codingPath)) \(try superDecoder.singleValueContainer().decode(Int.self))"
        }
    }
}

extension JSONValueDecoderTests {
    enum Key: String, CodingKey {
        case a, b, missing
    }
}

extension Outcome {
    fileprivate static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context): return "keyNotFound \(key.stringValue) at \(field(context.codingPath)): \(context.debugDescription)"
        case .typeMismatch(let type, let context): return "typeMismatch \(type) at \(field(context.codingPath)): \(context.debugDescription)"
        case .valueNotFound(let type, let context): return "valueNotFound \(type) at \(field(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "dataCorrupted at \(field(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension [String] {
    /// Appends what `body` gives, or the error it throws, after `label`.
    fileprivate mutating func record(_ label: String, _ body: () throws -> Any?) {
        do {
            append("\(label): \(String(describing: try body()))")
        } catch {
            append("\(label): \(Outcome<Int>.describe(error))")
        }
    }
}
