import Foundation
import SkillHubCore
import Testing

@Suite("JSONValue: fast parsing")
struct JSONValueParsingTests {
    @Test func parsingKeepsBooleansNumbersAndNestingApart() throws {
        let text = #"{"flag": true, "off": false, "one": 1, "zero": 0, "pi": 3.5, "big": 12345678901234567890, "none": null, "name": "你好 \"x\"", "list": [1, "a", [true]], "empty": {}}"#
        let parsed = try JSONValue(parsing: Data(text.utf8))
        #expect(parsed == [
            "flag": true, "off": false, "one": 1, "zero": 0, "pi": 3.5, "big": .number(12345678901234567890), "none": nil,
            "name": "你好 \"x\"", "list": [1, "a", [true]], "empty": [:],
        ])
        // The same as Codable gives.
        #expect(parsed == (try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))))
        #expect(throws: (any Error).self) { try JSONValue(parsing: Data("{not json".utf8)) }
    }
}

@Suite("JSONValue: direct serializing")
struct JSONValueSerializingTests {
    @Test func anObjectOfFixedShapeKeepsItsMembersInTheOrderGiven() {
        let text = JSONValue.serializedObject(["b": 1, "a": ["x \"y\""], "c": nil])
        #expect(String(decoding: text, as: UTF8.self) == #"{"b":1,"a":["x \"y\""],"c":null}"#)
    }

    @Test func serializedTextParsesBackToTheSameValue() throws {
        let value: JSONValue = [
            "text": "quote \" backslash \\ newline \n tab \t bell \u{07} 你好", "int": 42, "negative": -7, "fraction": 0.25,
            "big": 1e20, "flags": [true, false, nil], "nested": ["empty": [:], "list": []],
        ]
        let text = value.serialized()
        #expect(try JSONValue(parsing: text) == value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text)) == value)
        #expect(String(decoding: JSONValue.number(3).serialized(), as: UTF8.self) == "3")
        #expect(String(decoding: JSONValue.string("a\u{01}").serialized(), as: UTF8.self) == #""a\u0001""#)
        #expect(String(decoding: JSONValue.number(.nan).serialized(), as: UTF8.self) == "null")
    }
}
