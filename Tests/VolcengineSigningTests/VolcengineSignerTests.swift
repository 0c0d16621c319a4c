import Foundation
import Testing
import VolcengineSigning

@Suite("Volcengine V4 request signing")
struct VolcengineSignerTests {
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
