import Foundation
@testable import RerankEngine
import Testing

@Suite("signing")
struct SigningTests {
    @Test("SHA-256: FIPS 180-2 examples and the empty message", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256(message: String, digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    @Test("SHA-256: a million a's (many blocks)")
    func sha256Long() {
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("HMAC-SHA256: RFC 4231 test cases 1, 2 and 6 (key longer than a block)")
    func hmac() {
        let case1 = HMACSHA256.authenticate("Hi There", key: [UInt8](repeating: 0x0b, count: 20))
        #expect(Hex.encode(case1) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let case2 = HMACSHA256.authenticate("what do ya want for nothing?", key: Array("Jefe".utf8))
        #expect(Hex.encode(case2) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let case6 = HMACSHA256.authenticate("Test Using Larger Than Block-Size Key - Hash Key First", key: [UInt8](repeating: 0xaa, count: 131))
        #expect(Hex.encode(case6) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test("Volcengine V4: the example of Volcengine's signature documentation (IAM ListUsers)")
    func volcengineDocumentedExample() throws {
        // https://www.volcengine.com/docs/6369/67270: GET iam ListUsers at 2020-12-30T08:18:05Z
        let signer = VolcengineSigner(
            accessKey: "AKLTMjI2ODVlYzI3ZGY1NGU4ZjhjYWRjMTlmNTM5OTZkYzE",
            secretKey: "TnpCak5XWXpZV1U0WkRaaE5ERmxaR0ZpTmpjeVkyUXlZek0wTWpJMU1qWQ==",
            region: "cn-north-1", service: "iam"
        )
        let url = try #require(URL(string: "https://iam.volcengineapi.com/?Action=ListUsers&Version=2018-01-01&Limit=10&Offset=0"))
        let date = Date(timeIntervalSince1970: 1_609_316_285)
        let headers = signer.sign(method: "GET", url: url, headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"], body: [], date: date)
        #expect(headers["X-Date"] == "20201230T081805Z")
        #expect(headers["X-Content-Sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(headers["Authorization"] == "HMAC-SHA256 Credential=AKLTMjI2ODVlYzI3ZGY1NGU4ZjhjYWRjMTlmNTM5OTZkYzE/20201230/cn-north-1/iam/request, SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=28eeabbbd726b87002e0fe58ad8c1c768e619b06e2646f35b6ad7ed029a6d8a7")
        #expect(headers["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8")
    }

    @Test("Volcengine V4: the signature covers the body and extra X- headers, not others")
    func volcengineCoverage() throws {
        let signer = VolcengineSigner(accessKey: "ak", secretKey: "sk", region: "cn-north-1", service: "air")
        let url = try #require(URL(string: "https://example.com/api/knowledge/service/rerank"))
        let date = Date(timeIntervalSince1970: 0)
        let sign = { (headers: [String: String], body: String) in
            signer.sign(method: "POST", url: url, headers: headers, body: Array(body.utf8), date: date)["Authorization"] ?? ""
        }
        let base = sign(["Content-Type": "application/json"], "{}")
        #expect(base != sign(["Content-Type": "application/json"], "{ }"))
        #expect(base == sign(["Content-Type": "application/json", "Accept": "application/json"], "{}"))
        let withExtra = sign(["Content-Type": "application/json", "X-Viking-Debug": "1"], "{}")
        #expect(withExtra.contains("SignedHeaders=content-type;host;x-content-sha256;x-date;x-viking-debug"))
    }
}
