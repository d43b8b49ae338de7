import DropAgent
import DropValues
import Foundation
import Logging
import TeamleaderAPI
import TeamleaderSandbox

/// A tldrop root connected to a running sandbox, one company per department, as the benchmarks that
/// talk to Teamleader start from.
struct SandboxRoot {
    let layout: RootLayout
    let companies: [CompanyMapping]
    /// What a child `tldrop` needs to reach the sandbox (API and token URLs, client id and secret).
    let environment: [String: String]

    /// Writes `tldrop.toml` (the template, changed by `edit`), connects, and makes the root's folders.
    /// The caller removes `root`.
    static func make(
        at root: URL, running: RunningSandbox, logger: Logger, edit: (inout String) -> Void = { _ in }
    ) async throws -> SandboxRoot {
        let layout = RootLayout(root: root)
        for folder in [layout.inbox, layout.outbox, layout.stateDirectory] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let sandbox = running.sandbox
        let companies = sandbox.departments.enumerated().map { CompanyMapping(name: "Company \($0.offset + 1)", department: $0.element.name) }
        var text = ConfigurationTemplate.render(startDate: sandbox.today.adding(days: -400), companies: companies)
        edit(&text)
        try Data(text.utf8).write(to: layout.configFile)
        let environment = ConfigurationLoader.overrides(
            apiURL: running.baseURL, authURL: running.baseURL, clientID: "sandbox", clientSecret: "sandbox")
        try await LinkConnector.connect(layout: layout, environment: environment, logger: logger, refreshToken: sandbox.issueRefreshToken())
        return SandboxRoot(layout: layout, companies: companies, environment: environment)
    }
}
