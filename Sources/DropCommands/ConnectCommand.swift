import ArgumentParser
import DropAgent
import Foundation

/// `tldrop connect`: stores the Teamleader connection.
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect tldrop to Teamleader and store the tokens (mode 0600).")

    @OptionGroup var global: GlobalOptions
    @Option(
        name: .customLong("refresh-token"),
        help: "Connect without a browser: a refresh token, exchanged (and so rotated) at once.")
    var refreshToken: String?

    func run() async throws {
        guard let refreshToken else {
            throw ValidationError("give --refresh-token TOKEN (the browser flow needs a desktop)")
        }
        let connection = try await withContext(global) { context in
            try await LinkConnector(context: context).connect(refreshToken: refreshToken)
        }
        guard !global.quiet else { return }
        Console.out("Connected as \(connection.user.email ?? connection.user.id). Departments:")
        for department in connection.departments { Console.out("  \(department.name)  (\(department.id))") }
    }
}
