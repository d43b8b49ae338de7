import ArgumentParser
import DropValues
import Foundation
import Logging
import LoopbackServer
import ServiceLifecycle
import TeamleaderAPI
import TeamleaderSandbox

/// `tldrop sandbox`: the built-in Teamleader stand-in, on 127.0.0.1 only.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the built-in Teamleader stand-in on 127.0.0.1 (Ctrl-C or SIGTERM stops it).",
        discussion: """
            Serves the Teamleader endpoints tldrop uses over seeded, deterministic data, with OAuth (client id and secret \
            'sandbox' unless told otherwise).

            Control calls change the data the way a person in Teamleader would. Each is a POST with a JSON body; every key \
            is optional unless marked required, and amounts are JSON numbers, not strings:
              /_sandbox/invoices.book        {"department_id": "…", "date": "2026-11-28", "amount": 100.00, "customer_name": "Kroon BV"}
              /_sandbox/invoices.draft       {"department_id": "…"}
              /_sandbox/invoices.edit        {"id": "…" (required), "amount": 250.00}
              /_sandbox/invoices.deleteLast  {"department_id": "…"}
              /_sandbox/creditNotes.book     {"invoice_id": "…" (required)}
              /_sandbox/tokens.issue         no body; answers a refresh token for tldrop connect --refresh-token
              /_sandbox/tokens.revoke        no body; every token stops working (the link breaks)
              /_sandbox/tokens.expire        no body; access tokens expire, refresh tokens keep working
              /_sandbox/faults               {"latency_ms": 50, "fail_rate": 0.1, "fail_next": 3, "expire_access_tokens_after": 5,
                                              "lose_payment_answers": 1, "denied_scopes": ["products"], "deny_authorization": true,
                                              "refused_formats": [{"id": "…", "formats": ["ubl/peppol_bis_3"]}],
                                              "unreadable_records": ["…"], "throttle_oauth": 2, "throttle_files": 2}
            GET /_sandbox/faults shows the faults, /_sandbox/payments every registerPayment received, /_sandbox/stats the calls per endpoint.

            For example:
              curl -s -X POST http://127.0.0.1:PORT/_sandbox/invoices.book -d '{"amount": 100.00, "date": "2026-11-28"}'
            """)

    @Option(help: "Port to listen on; 0 picks a free one.") var port: Int = 0
    @Option(help: "Seed of the generated data.") var seed: UInt64 = 1
    @Option(help: "Number of departments.") var departments: Int = 2
    @Option(help: "Number of invoices in all, drafts included.") var invoices: Int = 40
    @Option(name: .customLong("rate-limit"), help: "Requests a minute before 429; 0 turns the limit off.")
    var rateLimit: Int = 200
    @Option(help: "Milliseconds added to every API call.") var latency: Int = 0
    @Option(name: .customLong("fail-rate"), help: "Share of API calls answered with a 503 (0 to 1).")
    var failRate: Double = 0
    @Option(name: .customLong("token-ttl"), help: "Seconds an access token lives.") var tokenTTL: Int = 3600
    @Option(name: .customLong("client-id"), help: "OAuth client id the sandbox accepts.") var clientID = "sandbox"
    @Option(name: .customLong("client-secret"), help: "OAuth client secret the sandbox accepts.")
    var clientSecret = "sandbox"
    @Option(help: "The day the data is built around; default today.") var today: CalendarDate?
    @Flag(help: "Be kinder than Teamleader promises: ties by id, credit notes by date, paid_at as sent, every field present.")
    var kind = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard departments >= 1 else { throw ValidationError("--departments must be at least 1") }
        guard invoices >= 0 else { throw ValidationError("--invoices must be 0 or more") }
        guard rateLimit >= 0, latency >= 0, tokenTTL >= 1 else {
            throw ValidationError("--rate-limit, --latency must be 0 or more and --token-ttl at least 1")
        }
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate must be between 0 and 1") }
    }

    func run() async throws {
        var configuration = SandboxConfiguration()
        configuration.port = port
        configuration.seed = seed
        configuration.departments = departments
        configuration.invoices = invoices
        configuration.rateLimit = rateLimit
        configuration.latency = .milliseconds(latency)
        configuration.failRate = failRate
        configuration.tokenTTL = .seconds(tokenTTL)
        configuration.clientID = clientID
        configuration.clientSecret = clientSecret
        configuration.today = today
        if kind { configuration.behaviour = .kind }
        let sandbox = TeamleaderSandbox(configuration: configuration)
        let logger = Logger(label: "tldrop.sandbox")
        let service = SandboxService(sandbox: sandbox, logger: logger)
        try await LoopbackServer.untilSignalled([service], logger: logger)
    }
}

/// Runs the sandbox as a service, printing how to reach it once it listens.
struct SandboxService: Service {
    let sandbox: TeamleaderSandbox
    let logger: Logger

    func run() async throws {
        try await sandbox.serve(logger: logger) { port in
            let url = "http://127.0.0.1:\(port)"
            let counts = sandbox.invoices.reduce(into: [String: Int]()) { $0[$1.status, default: 0] += 1 }
            print(
                """
                Teamleader sandbox listening on \(url)
                  departments: \(sandbox.departments.map(\.name).joined(separator: ", "))
                  invoices: \(counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")); credit notes: \(sandbox.creditNotes.count)
                Point tldrop at it:
                  export TLDROP_API_URL=\(url) TLDROP_AUTH_URL=\(url)
                  export TLDROP_CLIENT_ID=\(sandbox.configuration.clientID) TLDROP_CLIENT_SECRET=\(sandbox.configuration.clientSecret)
                A refresh token for 'tldrop connect --refresh-token': curl -s -X POST \(url)/_sandbox/tokens.issue
                """)
            fflush(nil)
        }
    }
}
