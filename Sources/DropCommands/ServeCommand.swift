import ArgumentParser
import DropAgent
import DropWeb
import Foundation
import Logging
import LoopbackServer
import ServiceLifecycle

/// `tldrop serve`: the status page on 127.0.0.1.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the status page on 127.0.0.1 (read-only; Ctrl-C or SIGTERM stops it).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Port on 127.0.0.1; 0 picks a free one.") var port = 8977

    func run() async throws {
        let logger = global.logger()
        let quiet = global.quiet
        try await withContext(global) { context in
            let server = StatusPageServer(context: context, port: port, logger: logger)
            let service = ClosureService {
                try await server.serve { port in
                    if !quiet { Console.out("Status page on http://127.0.0.1:\(port)/ (this machine only)") }
                }
            }
            try await LoopbackServer.untilSignalled([service], logger: logger)
        }
    }
}
