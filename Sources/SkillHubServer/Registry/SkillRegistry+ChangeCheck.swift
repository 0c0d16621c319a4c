import Foundation
import SkillHubCore
import SkillHubRegistry

extension SkillRegistry {
    /// Fails as a change of `skillID` by `principal` would — 404 (1004) when the caller cannot
    /// see the skill, 403 (1003) when it can see but not change it — so that a route can check
    /// the skill before it validates the body: a body error must not tell another account that a
    /// private skill exists.
    func requireChangeable(_ skillID: UUID, by principal: Principal) async throws {
        let access = principal.skillAccess
        let skill = try await skills.skill(skillID, access: access)
        guard access.canWrite(owner: skill.accountID) else {
            throw SkillHubError(.forbidden, "skill \(skillID.uuidString.lowercased()) belongs to another account; it can be read, not changed")
        }
    }
}
