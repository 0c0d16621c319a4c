import Hummingbird
import SkillHubCore
import SkillHubPluginHost

/// `GET /api/v1/admin/plugins`: each plugin's version, ABI, state and, when it failed, why.
struct PluginsController: Sendable {
    let plugins: PluginManager
    let authentication: AuthenticationMiddleware

    func addRoutes(to router: Router<SkillHubRequestContext>) {
        router.group("/api/v1/admin/plugins").add(middleware: authentication).get("/") { _, context in
            try context.require(.admin)
            return try JSONResponses.response(AdminResponse(result: PluginList(directory: plugins.directory, plugins: plugins.reports)))
        }
    }

    struct PluginList: Encodable {
        var directory: String
        var plugins: [PluginReport]
    }
}
