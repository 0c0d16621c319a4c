import Hummingbird
import SkillHubCore
import SkillHubPluginHost
import SkillHubRegistry

/// The plugin administration routes (admin scope):
/// - `GET /api/v1/admin/plugins`: each plugin's version, ABI, mode, state, counters and, when it failed, why;
/// - `POST /api/v1/admin/plugins/{name}/reload`: loads the installed library again and switches new calls to it.
struct PluginsController: Sendable {
    let plugins: PluginManager
    let registry: SkillRegistry
    let authentication: AuthenticationMiddleware

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        let group = router.group("/api/v1/admin/plugins").add(middleware: authentication)
        group.get("/") { _, context in
            try context.require(.admin)
            return try JSONResponses.response(AdminResponse(result: PluginList(directory: plugins.directory, plugins: plugins.reports)))
        }
        group.post("/:name/reload") { _, context in
            try context.require(.admin)
            let name = try context.parameters.require("name")
            let report: PluginReport
            do throws(PluginReloadError) {
                report = try await plugins.reload(named: name, announcing: PluginService.announcer(registry))
            } catch {
                throw Self.apiError(error)
            }
            return try JSONResponses.response(AdminResponse(result: report))
        }
    }

    struct PluginList: Encodable {
        var directory: String
        var plugins: [PluginReport]
    }

    static func apiError(_ error: PluginReloadError) -> SkillHubError {
        switch error {
        case .unknownPlugin: SkillHubError(.notFound, error.description)
        case .alreadyReloading: SkillHubError(.conflict, error.description)
        case .renamed, .failed: SkillHubError(.badGateway, error.description)
        }
    }
}
