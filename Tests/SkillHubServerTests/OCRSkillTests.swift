import Foundation
import HummingbirdTesting
import SkillHubCore
import SkillHubTestSupport
import Testing

@Suite("The OCR plugin through the running server")
struct OCRSkillTests {
    @Test func tesseractReadsADrawnLineThroughInvoke() async throws {
        let image = try TestImages.render("Hello SkillHub 2026", pointSize: 40)
        try await TestApplication.make(environment: TestApplication.plugins("ocr")).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)

            let read = try await user.post(
                "/api/v1/skills/ocr/invoke", #"{"capability": "recognize", "input": {"image": "\#(Data(image).base64EncodedString())", "languages": "eng", "psm": 6}}"#
            )
            #expect(read.status == .ok)
            let output = try #require(try read.value()["output"])
            #expect(output["text"]?.stringValue?.contains("Hello SkillHub 2026") == true)
            #expect(output["items"]?.arrayValue?.isEmpty == false)
            #expect(output["width"]?.intValue ?? 0 > 0)

            // Not an image: 400 with a clear message, and the engine goes on.
            let garbage = try await user.post("/api/v1/skills/ocr/invoke", #"{"capability": "recognize", "input": {"image": "\#(Data("not an image".utf8).base64EncodedString())"}}"#)
            #expect(garbage.status == .badRequest)
            #expect(try garbage.value()["message"]?.stringValue?.isEmpty == false)
            let unknownLanguage = try await user.post(
                "/api/v1/skills/ocr/invoke", #"{"capability": "recognize", "input": {"image": "\#(Data(image).base64EncodedString())", "languages": "xxx"}}"#
            )
            #expect(unknownLanguage.status == .badRequest)
            let again = try await user.post("/api/v1/skills/ocr/invoke", #"{"capability": "recognize", "input": {"image": "\#(Data(image).base64EncodedString())", "languages": "eng", "psm": 6}}"#)
            #expect(again.status == .ok)
        }
    }

    @Test func paddleOCRIsCalledThroughTheHostWhenConfigured() async throws {
        let paddle = try await RemoteSkillServer.start(name: "paddle")
        defer { Task { await paddle.stop() } }
        var environment = try TestApplication.plugins("ocr")
        environment["OCR_TYPE"] = "paddleocr"
        environment["PADDLEOCR_OCR_API_URL"] = paddle.url("/ocr")
        let image = try TestImages.render("anything")
        try await TestApplication.make(environment: environment).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let read = try await user.post("/api/v1/skills/ocr/invoke", #"{"capability": "recognize", "input": {"image": "\#(Data(image).base64EncodedString())"}}"#)
            #expect(read.status == .ok)
            #expect(try read.value()["output"]?["text"] == "fake paddle text")
            #expect(paddle.callCount == 1)
        }
    }

    @Test func volcengineOCRIsCalledSignedThroughTheHostWhenConfigured() async throws {
        let fake = try await FakeProviders.start()
        defer { Task { await fake.stop() } }
        var environment = try TestApplication.plugins("ocr")
        environment["OCR_TYPE"] = "ve"
        environment["VE_OCR_AK"] = "AKfake"
        environment["VE_OCR_SK"] = "c2VjcmV0"
        environment["SKILLHUB_PLUGIN_OCR_VE_OCR_ENDPOINT"] = fake.base
        let image = try TestImages.render("anything")
        try await TestApplication.make(environment: environment).test(.live) { client in
            try await DispatchTests.ready(client)
            let user = KeyedClient(client: client, key: try await TestTenant.create(with: client).userKey)
            let read = try await user.post("/api/v1/skills/ocr/invoke", #"{"capability": "recognize", "input": {"image": "\#(Data(image).base64EncodedString())"}}"#)
            #expect(read.status == .ok)
            #expect(try read.value()["output"]?["text"] == "fake volcengine text")
            #expect(try read.value()["output"]?["items"]?[0]?["box"]?["width"] == 120)
        }
        let signed = try #require(fake.requests(to: "volcengine-ocr").first)
        #expect(signed[.authorization]?.contains("Credential=AKfake/") == true)
    }
}
