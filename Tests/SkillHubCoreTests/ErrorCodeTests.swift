import Testing

@testable import SkillHubCore

@Suite("Error codes")
struct ErrorCodeTests {
    @Test func protocolCodesMapToTheirStatuses() {
        let expected: [ErrorCode: Int] = [
            .invalidParameter: 400, .unauthorized: 401, .forbidden: 403, .skillNotFound: 404,
            .capabilityNotFound: 404, .conflict: 409, .internalError: 500, .serviceUnavailable: 503,
        ]
        for (code, status) in expected { #expect(code.httpStatus == status) }
        #expect(ErrorCode.invalidParameter.rawValue == 1001)
        #expect(ErrorCode.serviceUnavailable.rawValue == 1008)
    }

    @Test func statusesMapBackToCodes() {
        #expect(ErrorCode(httpStatus: 413) == .payloadTooLarge)
        #expect(ErrorCode(httpStatus: 422) == .invalidParameter)
        #expect(ErrorCode(httpStatus: 502) == .badGateway)
        #expect(ErrorCode(httpStatus: 500) == .internalError)
        #expect(ErrorCode(httpStatus: 504) == .timeout)
    }

    @Test func anErrorDescribesItselfByItsMessage() {
        let error = SkillHubError(.serviceUnavailable, "the plugins are still starting")
        #expect(String(describing: error) == "the plugins are still starting")
        #expect("\(error)" == "the plugins are still starting")
    }

    @Test func fieldErrorsAreListedInDetails() {
        let error = SkillHubError.invalidFields([.init(field: "weight", message: "must be 0-65535")])
        #expect(error.code == .invalidParameter)
        #expect(error.message.contains("weight: must be 0-65535"))
        #expect(error.details == ["fields": [["field": "weight", "message": "must be 0-65535"]]])
    }
}
