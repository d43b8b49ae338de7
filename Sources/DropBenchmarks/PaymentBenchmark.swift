import DropAgent
import DropIndex
import DropValues
import Foundation
import Logging
import PaymentFiles
import TeamleaderAPI
import TeamleaderSandbox

/// Registers a payment on each of a few hundred invoices with the real `tldrop push` against a sandbox
/// at Teamleader's 200 requests a minute: API calls a registered payment (the floor is one
/// `registerPayment` each, plus one `invoices.list` per hundred invoices), and 429 answers.
struct PaymentBenchmark {
    let binary: String
    let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

    struct Figures {
        var registered: Int
        var calls: Int
        var rateLimited: Int
        var wall: Duration
    }

    func run(invoices: Int, latency: Duration) async throws -> Figures {
        var configuration = SandboxConfiguration()
        configuration.invoices = invoices
        configuration.rateLimit = 200
        configuration.latency = latency
        configuration.today = CalendarDate("2026-11-15")
        return try await TeamleaderSandbox.withRunning(configuration) { running in
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-bench-pay-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let made = try await SandboxRoot.make(at: root, running: running, logger: logger) { text in
                text = text.replacingOccurrences(of: "settle_seconds = 5", with: "settle_seconds = 0")
            }
            let (layout, environment, sandbox) = (made.layout, made.environment, running.sandbox)
            // The index as a mirror would leave it, without spending the rate limit on mirroring.
            let open = sandbox.invoices.filter { $0.status == "outstanding" && $0.departmentID == sandbox.departments[0].id }
            let index = try DropIndex(path: layout.indexFile.path)
            try await index.importMirrored(
                open.map { invoice in
                    DocumentRecord(
                        id: invoice.id, kind: .invoice, departmentId: invoice.departmentID, company: "Company 1", number: invoice.number!,
                        numberKey: invoice.number!.replacingOccurrences(of: " ", with: ""), documentDate: invoice.date!,
                        customer: invoice.customerName, paymentReference: invoice.paymentReference?.filter(\.isASCIIDigit), currency: "EUR",
                        total: invoice.total, remoteStatus: .outstanding, remoteUpdatedAt: nil, remoteDue: invoice.due,
                        remotePaid: false, remoteSent: true, fingerprint: "bench")
                })
            try FileManager.default.createDirectory(at: layout.inbox.appendingPathComponent("Company 1"), withIntermediateDirectories: true)
            let rows = open.map { "\($0.number!);ja;28/11/2026;" }.joined(separator: "\n")
            try Data("Factuurnummer;Betaald;Betaaldatum;Bedrag\n\(rows)\n".utf8).write(
                to: layout.inbox.appendingPathComponent("Company 1/betalingen.csv", isDirectory: false), options: [])
            let queued = try MeasuredRun.run(binary, ["inbox", "--quiet", "--root", root.path], environment: environment)
            guard queued.status == 0 else { throw BenchmarkError("tldrop inbox exited \(queued.status)") }
            let before = sandbox.requestCounts.filter { !$0.key.hasPrefix("oauth2") }.values.reduce(0, +)
            let refused = sandbox.rateLimitedCount
            let result = try MeasuredRun.run(binary, ["push", "--quiet", "--root", root.path], environment: environment)
            guard result.status == 0 else { throw BenchmarkError("tldrop push exited \(result.status)") }
            let calls = sandbox.requestCounts.filter { !$0.key.hasPrefix("oauth2") }.values.reduce(0, +) - before
            return Figures(
                registered: sandbox.receivedPayments.count, calls: calls, rateLimited: sandbox.rateLimitedCount - refused, wall: result.wall)
        }
    }
}
