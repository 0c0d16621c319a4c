import Foundation
import SkillHubCore
import Testing

@Suite("Lowercase hexadecimal and UUID text")
struct LowercaseTextTests {
    @Test func hexHasTwoDigitsPerByte() {
        #expect([UInt8]([0x00, 0x0f, 0xa0, 0xff]).lowercaseHex == "000fa0ff")
        #expect([UInt8]().lowercaseHex == "")
    }

    @Test func uuidTextIsFoundationsInLowercase() {
        for _ in 0..<1_000 {
            let uuid = UUID()
            #expect(uuid.lowercasedString == uuid.uuidString.lowercased())
        }
        let fixed = UUID(uuid: (0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff))
        #expect(fixed.lowercasedString == "00112233-4455-6677-8899-aabbccddeeff")
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        fixed.appendLowercasedText(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "[00112233-4455-6677-8899-aabbccddeeff")
    }
}
