import Foundation
import Hummingbird
import SkillHubCore

extension SkillHubRequestContext {
    /// The path parameter `name`, percent-decoded: Hummingbird hands path components over as sent, so a
    /// collection named `café` arrives as `caf%C3%A9` and would be looked up (and length-checked) encoded.
    ///
    /// - Throws: a 400 about `name` when its percent-encoding is not valid UTF-8.
    func decodedPathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw SkillHubError.invalidField(name, "is not valid percent-encoded UTF-8")
        }
        return decoded
    }
}
