import ArgumentParser
import DropAgent
import DropWeb
import Foundation
import TeamleaderAPI

/// `tldrop connect`: stores the Teamleader connection, then checks or writes the company mapping.
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect tldrop to Teamleader (browser sign-in, or --refresh-token) and store the tokens (mode 0600).",
        discussion: """
            The browser flow listens on http://127.0.0.1:<port>/callback for Teamleader's redirect; register that address as \
            a redirect URI of the integration on Teamleader's Marketplace. Without a desktop, open the printed URL anywhere \
            that can reach this machine's loopback (ssh -L 8976:127.0.0.1:8976), or use --refresh-token.

            With --map and a link that works, no sign-in is needed: the departments are checked and the mapping written.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(
        name: .customLong("refresh-token"),
        help: "Connect without a browser: a refresh token, exchanged (and so rotated) at once.")
    var refreshToken: String?
    @Option(help: "Loopback port of the redirect (the redirect URI is http://127.0.0.1:<port>/callback).") var port = 8976
    @Option(help: "Seconds to wait for the browser.") var timeout = 300
    @Flag(name: .customLong("no-browser"), help: "Print the sign-in URL; do not try to open a browser.") var noBrowser = false
    @Option(name: .customLong("map"), help: "Write a mapping into tldrop.toml: \"Department=Company\" (repeatable).")
    var mappings: [String] = []

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        let quiet = global.quiet
        let noBrowser = noBrowser
        try await withContext(global) { context in
            let connection: LinkConnector.Connection
            if let refreshToken {
                connection = try await LinkConnector(context: context).connect(refreshToken: refreshToken)
            } else if !mappings.isEmpty, let working = try await LinkConnector(context: context).existing() {
                // Only a mapping to write, and the stored link works: no new sign-in.
                connection = working
            } else {
                connection = try await BrowserConnect(context: context, port: port, timeout: .seconds(timeout)) { url in
                    let opened = !noBrowser && BrowserConnect.openInBrowser(url)
                    Console.out(
                        opened
                            ? "A browser window opened to sign in to Teamleader. If it did not, open:\n  \(url.absoluteString)"
                            : "Open this address in a browser to sign in to Teamleader and approve tldrop:\n  \(url.absoluteString)")
                }.run()
            }
            let mapper = CompanyMapper(layout: context.layout)
            let added = try mapper.apply(mappings, departments: connection.departments, configuration: context.configuration)
            guard !quiet else { return }
            Console.out(
                "Connected to Teamleader as \(connection.user.email ?? connection.user.id); tokens stored in .tldrop/credentials.json (mode 0600).")
            for company in added { Console.out("Mapped department '\(company.department)' to company '\(company.name)' in tldrop.toml.") }
            var configuration = context.configuration
            configuration.companies += added
            let review = mapper.review(configuration, departments: connection.departments)
            for (company, department) in review.mapped { Console.out("  ok  \(company) ← \(department)") }
            for (company, department) in review.broken {
                Console.out(
                    "  !!  \(company) ← '\(department)' does not exist; departments: \(connection.departments.map { "'\($0.name)'" }.joined(separator: ", "))"
                )
            }
            if !review.unmapped.isEmpty {
                Console.out("Departments no company mirrors yet; to mirror one, add to tldrop.toml (or run connect --map \"Department=Company\"):")
                for department in review.unmapped {
                    Console.out("  [[company]]\n  name = \"\(department.name)\"\n  department = \"\(department.name)\"")
                }
            }
            if !review.broken.isEmpty { throw ExitStatus.configuration.exitCode }
        }
    }
}
