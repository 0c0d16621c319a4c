import FuzzSupport
import SkillHubWire

/// A request shape like the ones the routes decode: every kind of field the decoder maps.
private struct DecodedShape: Decodable {
    enum Mode: String, Decodable { case hybrid, vector, fulltext }
    struct Item: Decodable {
        var id: Int
        var weight: Double?
        var tags: [String]?
    }
    var name: String
    var count: Int?
    var ratio: Float?
    var small: UInt8?
    var enabled: Bool?
    var mode: Mode?
    var items: [Item]?
    var labels: [String: String]?
    var extra: JSONValue?
}

/// The JSON parser and `JSONValueDecoder`: any bytes either parse or throw; a parsed value
/// serializes to JSON that parses back to the same value; decoding into a typed shape never traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let input = FuzzInput(start, count)
    guard let value = try? JSONValue(parsing: input.bytes) else { return 0 }
    let serialized = value.serialized()
    let reparsed = try? JSONValue(parsing: serialized)
    fuzzInvariant(reparsed == value, "round trip changed \(value) into \(String(describing: reparsed)) via \(String(decoding: serialized, as: UTF8.self))")
    _ = try? JSONValueDecoder().decode(DecodedShape.self, from: value)
    _ = try? JSONValueDecoder().decode([DecodedShape].self, from: input.bytes)
    return 0
}
