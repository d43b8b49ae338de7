import ArgumentParser
import DropAgent
import DropWeb
import Foundation
import Logging
import LoopbackServer
import ServiceLifecycle
import TeamleaderAPI

/// `tldrop serve`: the status page on 127.0.0.1.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the status page on 127.0.0.1 (read-only; Ctrl-C or SIGTERM stops it).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Port on 127.0.0.1; 0 picks a free one.") var port = 8977
    @Flag(
        help: """
            Do not serve: ask the serve already running on --port for /healthz and exit 0 when it is healthy, 75 when not \
            (a container's liveness probe, since serve listens on 127.0.0.1 only).
            """)
    var probe = false
    @Option(
        name: .customLong("stale-after"),
        help: "With --probe: also unhealthy when no run or watch poll started in this many seconds (a watch that stopped cycling).")
    var staleAfter: Int?

    func validate() throws {
        if staleAfter != nil && !probe { throw ValidationError("--stale-after goes with --probe.") }
        if let staleAfter, staleAfter < 1 { throw ValidationError("--stale-after must be at least 1 second.") }
        if probe && port == 0 { throw ValidationError("--probe needs the port the running serve listens on.") }
    }

    func run() async throws {
        if probe { return try await askHealth() }
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

    /// `--probe`: one GET to the running serve; its answer on stdout.
    private func askHealth() async throws {
        let transport = TeamleaderTransport()
        var address = "http://127.0.0.1:\(port)/healthz"
        if let staleAfter { address += "?stale=\(staleAfter)" }
        let answer: (status: Int, body: String)
        do {
            answer = try await PushgatewayClient(transport: transport).get(URL(string: address)!)
        } catch {
            await transport.shutdown()
            Console.error("unhealthy: \(error)")
            throw ExitStatus.tryLater.exitCode
        }
        await transport.shutdown()
        if answer.status == 200 {
            if !global.quiet { Console.verbatim(answer.body) }
        } else {
            Console.error("unhealthy (HTTP \(answer.status)): \(answer.body.trimmingCharacters(in: .whitespacesAndNewlines))")
            throw ExitStatus.tryLater.exitCode
        }
    }
}
