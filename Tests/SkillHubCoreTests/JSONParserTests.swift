import Dispatch
import Foundation
import SkillHubCore
import Testing

@Suite("JSONParser: strict RFC 8259 parsing")
struct JSONParserTests {
    /// Texts JSONSerialization accepts, each parsed to the same value by both.
    static let corpus: [String] = [
        #"{"flag": true, "off": false, "none": null, "list": [1, "a", [true, {}]], "empty": {}, "nested": {"a": {"b": [[]]}}}"#,
        #""plain ASCII""#,
        #""你好, мир, émoji 😀, combining é""#,
        #""quote \" backslash \\ slash \/ controls \b\f\n\r\t""#,
        #""\u0000 \u001f \u00e9 \u4f60\u597d \uFFFF \uD83D\uDE00 \ud834\udd1e""#,
        #"" \u0041\u00DF\u6771\uD801\uDC00 ""#,
        "0", "-0", "-0.0", "1", "-1", "0.1", "0.5", "3.5", "1e308", "-1e308", "5e-324", "2.2250738585072014e-308",
        "1.7976931348623157e308", "1e-400", "1E2", "1e+2", "1e-2", "-1.5e-3", "123.456e-7",
        "12345678901234567890", "-9223372036854775808", "18446744073709551615", "18446744073709551616",
        "123456789012345678901234567890", "9007199254740993", "3.141592653589793238462643383279",
        "1000000000000000000000000", "4.9406564584124654e-324",
        "true", "false", "null", "[]", "{}", " \t\r\n [ 1 , 2 ] \n",
        #"{"a": 1, "a": 2, "b": {"c": 3, "c": [4]}}"#,
        "\u{FEFF}[1]",
    ]

    @Test(arguments: corpus)
    func parsesAsJSONSerializationDoes(text: String) throws {
        let expected = try JSONValue(foundationObject: JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
        #expect(try JSONValue(parsing: Data(text.utf8)) == expected)
    }

    @Test func numbersAreWhatDoubleOfTheirTextGives() throws {
        var texts = [
            "0", "-0", "-0.0", "0e5", "1", "42", "0.1", "0.2", "0.3", "1e22", "1e23", "9007199254740992", "9007199254740993",
            "12345678901234567890", "1e308", "5e-324", "2.4703282292062327e-324", "0.1e1", "1234567890123456789e-20",
            "8.98846567431158e307", "179769313486231570000000000000000000000000000000000000000000000000000000000000",
        ]
        var generator = LinearCongruentialGenerator(seed: 2026)
        for _ in 0..<20_000 {
            let digits = String(generator.next() % 10_000_000_000_000_000_000)
            let point = Int(generator.next() % UInt64(digits.count + 1))
            var text = String(digits.prefix(point)) + (point < digits.count ? "." + digits.dropFirst(point) : "")
            if text.hasPrefix(".") { text = "0" + text }
            if generator.next() % 2 == 0 { text += "e\(Int(generator.next() % 60) - 30)" }
            texts.append(generator.next() % 3 == 0 ? "-" + text : text)
        }
        for text in texts {
            guard case .number(let parsed) = try JSONValue(parsing: Array(text.utf8)), let expected = Double(text) else {
                Issue.record("\(text) is not a number")
                continue
            }
            #expect(parsed.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    @Test func longNumbersAreRoundedCorrectlyWhereJSONSerializationIsOff() throws {
        // JSONSerialization reads these through NSDecimalNumber and lands an ulp or more away; JSONDecoder does not.
        for text in ["0.30000000000000004", "0.000000000000000000000000000001"] {
            let parsed = try JSONValue(parsing: Data(text.utf8))
            #expect(parsed == .number(try JSONDecoder().decode(Double.self, from: Data(text.utf8))))
            #expect(parsed == .number(Double(text) ?? .nan))
        }
    }

    @Test func everyKindOfBufferParses() throws {
        let text = #"{"capability": "echo", "input": {"text": "hello"}}"#
        let expected: JSONValue = ["capability": "echo", "input": ["text": "hello"]]
        #expect(try JSONValue(parsing: Data(text.utf8)) == expected)
        #expect(try JSONValue(parsing: Array(text.utf8)) == expected)
        #expect(try JSONValue(parsing: Data(("xx" + text).utf8).dropFirst(2)) == expected)
        #expect(try Array(text.utf8).withUnsafeBytes { try JSONValue(parsing: $0) } == expected)
        // Not contiguous: two regions.
        let utf8 = Array(text.utf8)
        var regions = DispatchData.empty
        utf8[..<10].withUnsafeBytes { regions.append($0) }
        utf8[10...].withUnsafeBytes { regions.append($0) }
        #expect(try JSONValue(parsing: regions) == expected)
    }

    @Test func nestingIsLimitedTo512Levels() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONValue(parsing: Data(deepest.utf8)) }
        let objects = String(repeating: #"{"a":"#, count: 512) + "1" + String(repeating: "}", count: 512)
        #expect(throws: Never.self) { try JSONValue(parsing: Data(objects.utf8)) }
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = #expect(throws: JSONValueParsingError.self) { try JSONValue(parsing: Data(tooDeep.utf8)) }
        #expect(error?.description == "nesting deeper than 512 arrays and objects at byte 512")
        let farTooDeep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONValueParsingError.self) { try JSONValue(parsing: Data(farTooDeep.utf8)) }
    }

    /// Each text, and the description of the error parsing it gives.
    static let rejections: [(text: String, error: String)] = [
        ("", "expected a value at byte 0 (end of input)"),
        (" \n ", "expected a value at byte 3 (end of input)"),
        ("[1,]", "expected a value at byte 3"),
        (#"{"a": 1,}"#, "expected a string key at byte 8"),
        (#"{"a": 1 "b": 2}"#, "expected ',' or '}' at byte 8"),
        (#"{"a" 1}"#, "expected ':' at byte 5"),
        ("{a: 1}", "expected a string key or '}' at byte 1"),
        ("{not json", "expected a string key or '}' at byte 1"),
        ("[1 2]", "expected ',' or ']' at byte 3"),
        ("[1, 2", "expected ',' or ']' at byte 5 (end of input)"),
        (#"{"a": [1, {"b": null}"#, "expected ',' or ']' at byte 21 (end of input)"),
        (#"{"a": 1"#, "expected ',' or '}' at byte 7 (end of input)"),
        ("01", "leading zero in a number at byte 0"),
        ("[-012]", "leading zero in a number at byte 1"),
        ("-", "expected a digit at byte 1 (end of input)"),
        ("1.", "expected a digit at byte 2 (end of input)"),
        ("1.e5", "expected a digit at byte 2"),
        ("1e", "expected a digit at byte 2 (end of input)"),
        ("1e+", "expected a digit at byte 3 (end of input)"),
        (".5", "expected a value at byte 0"),
        ("+1", "expected a value at byte 0"),
        ("NaN", "expected a value at byte 0"),
        ("-Infinity", "expected a digit at byte 1"),
        ("1e400", "number out of range at byte 0"),
        ("[-1e400]", "number out of range at byte 1"),
        ("0x10", "expected end of input at byte 1"),
        ("tru", "expected 'true' at byte 0"),
        ("[nul]", "expected 'null' at byte 1"),
        ("falsy", "expected 'false' at byte 0"),
        ("True", "expected a value at byte 0"),
        (#"{"a": 1} x"#, "expected end of input at byte 9"),
        ("1 2", "expected end of input at byte 2"),
        ("[] []", "expected end of input at byte 3"),
        ("// comment\n1", "expected a value at byte 0"),
        ("[1 /* comment */]", "expected ',' or ']' at byte 3"),
        (#"['single']"#, "expected a value at byte 1"),
        (#""unterminated"#, "unterminated string starting at byte 0"),
        (#"["a\"]"#, "unterminated string starting at byte 1"),
        ("\"tab\tinside\"", "unescaped control character in a string at byte 4"),
        ("\"new\nline\"", "unescaped control character in a string at byte 4"),
        ("\"a\\\"\u{01}\"", "unescaped control character in a string at byte 4"),
        (#""\x""#, "invalid escape sequence at byte 1"),
        (#""\u12""#, "expected four hexadecimal digits after \\u at byte 1"),
        (#""\u12G4""#, "expected four hexadecimal digits after \\u at byte 1"),
        (#""\ud800""#, "lone surrogate in a \\u escape at byte 1"),
        (#""\ud800x""#, "lone surrogate in a \\u escape at byte 1"),
        (#""\ud800\u0041""#, "lone surrogate in a \\u escape at byte 1"),
        (#""\ud800\ud800""#, "lone surrogate in a \\u escape at byte 1"),
        (#""a\udc00""#, "lone surrogate in a \\u escape at byte 2"),
        (#"{"\uDE00": 1}"#, "lone surrogate in a \\u escape at byte 2"),
    ]

    @Test(arguments: rejections)
    func rejects(text: String, error expected: String) {
        let error = #expect(throws: JSONValueParsingError.self) { try JSONValue(parsing: Data(text.utf8)) }
        #expect(error?.description == expected)
    }

    /// Byte sequences that are not UTF-8, inside a string, and the offset of the first bad byte.
    static let invalidUTF8: [(bytes: [UInt8], offset: Int)] = [
        ([0xFF], 2), // never in UTF-8
        ([0x80], 2), // a continuation byte alone
        ([0xC0, 0xAF], 2), // overlong "/"
        ([0xE0, 0x80, 0xAF], 2), // overlong, three bytes
        ([0xF0, 0x80, 0x80, 0xAF], 2), // overlong, four bytes
        ([0xED, 0xA0, 0x80], 2), // a surrogate (U+D800) encoded directly
        ([0xF4, 0x90, 0x80, 0x80], 2), // above U+10FFFF
        ([0xF5, 0x80, 0x80, 0x80], 2),
        ([0xE4, 0xBD], 2), // truncated, then the closing quote
        ([0x61, 0xC3, 0x28], 3), // a lead byte, then no continuation
        ([0x5C, 0x6E, 0xC3], 4), // after an escape
    ]

    @Test(arguments: invalidUTF8)
    func rejectsInvalidUTF8(bytes: [UInt8], offset: Int) {
        let text = [UInt8(ascii: "["), UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\""), UInt8(ascii: "]")]
        let error = #expect(throws: JSONValueParsingError.self) { try JSONValue(parsing: text) }
        #expect(error?.description == "invalid UTF-8 at byte \(offset)")
        #expect(throws: (any Error).self) { try JSONSerialization.jsonObject(with: Data(text)) }
    }

    @Test func rejectsInvalidUTF8AtTheEndOfTheInput() {
        let error = #expect(throws: JSONValueParsingError.self) { try JSONValue(parsing: [UInt8(ascii: "\""), 0xE4, 0xBD]) }
        #expect(error?.description == "invalid UTF-8 at byte 1")
    }
}

/// Reproducible pseudo-random numbers for generated inputs.
private struct LinearCongruentialGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}

extension JSONValue {
    /// What JSONSerialization made of the same text (`NSNull`, booleans and numbers as `NSNumber`, strings, arrays, dictionaries).
    fileprivate init(foundationObject value: Any) throws {
        switch value {
        case is NSNull:
            self = .null
        case let text as String:
            self = .string(text)
        case let number as NSNumber:
            // JSONSerialization gives booleans as NSNumbers of C type `char`; it makes no other `char` numbers.
            self = String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]:
            self = .array(try array.map(JSONValue.init(foundationObject:)))
        case let object as [String: Any]:
            self = .object(try object.mapValues(JSONValue.init(foundationObject:)))
        default:
            throw CocoaError(.coderInvalidValue)
        }
    }
}
