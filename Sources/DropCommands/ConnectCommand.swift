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
        let context: AgentContext
        do {
            context = try AgentContext.open(layout: global.layout, logger: global.logger())
        } catch {
            Console.error("Error: \(error)")
            throw ExitStatus.of(error).exitCode
        }
        do {
            guard let refreshToken else {
                throw ValidationError("give --refresh-token TOKEN (the browser flow needs a desktop)")
            }
            let connection = try await LinkConnector(context: context).connect(refreshToken: refreshToken)
            await context.close()
            if !global.quiet {
                Console.out("Connected as \(connection.user.email ?? connection.user.id). Departments:")
                for department in connection.departments { Console.out("  \(department.name)  (\(department.id))") }
            }
        } catch let error as ValidationError {
            await context.close()
            throw error
        } catch {
            await context.close()
            Console.error("Error: \(error)")
            throw ExitStatus.of(error).exitCode
        }
    }
}
