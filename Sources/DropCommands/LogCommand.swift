import ArgumentParser
import DropAgent
import DropIndex
import Foundation
import TeamleaderAPI
import Wording

/// `tldrop log NUMBER`: a document's whole timeline, in the configured language, amounts always with
/// two decimals and their currency.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show a document's timeline: mirrored, changed in Teamleader, deleted, re-imported, archived, paid, reported.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The document's number: 2026/42, \"2026 / 42\", 2026-42, or CN-2026-5 for a credit note.") var number: String
    @Option(help: "The company, when the number exists in several.") var company: String?

    func run() async throws {
        let (timeline, w) = try await withContext(global) {
            (try await DocumentActions(context: $0).timeline(number: number, company: company), $0.configuration.wording)
        }
        for line in Self.lines(timeline, wording: w) { Console.out(line) }
    }

    static func lines(_ timeline: DocumentActions.Timeline, wording w: Wording) -> [String] {
        let document = timeline.document
        let money = { (amount: Decimal, currency: String?) in currency.map { w.money(amount, $0) } ?? w.language.number(amount) }
        var lines = [
            w(
                document.kind == .creditNote ? .logCreditNote : .logInvoice, document.number, document.company, document.customer,
                w.date(document.documentDate), money(document.total, document.currency)),
            w(.logIdentity, document.id, document.revision, document.source.rawValue, document.remoteStatus.rawValue)
                + (document.remotePaid ? ", " + w(.describePaid) : ""),
        ]
        for event in timeline.events {
            lines.append("  \(w.stamp(event.at))  \(w(event.kind.phrase))\(event.detail.map { ": \($0)" } ?? "")")
        }
        for file in timeline.files {
            lines.append("  " + w(.logFile, file.revision, file.format, file.path, file.state.rawValue) + (file.archive.map { " (\($0))" } ?? ""))
        }
        for payment in timeline.payments {
            let amount = payment.amount.map { money($0, payment.currency ?? document.currency) } ?? w(.openAmount)
            lines.append(
                "  " + w(.logPayment, amount, w.date(payment.paidAt), payment.state.rawValue)
                    + (payment.lastError.map { " (\(Words.stored($0).text(w)))" } ?? ""))
        }
        for refusal in timeline.refusals {
            lines.append(
                "  " + w(.logRefusal, refusal.format, refusal.attempts, Words.stored(refusal.reason).text(w), w.stamp(refusal.nextAttemptAt)))
        }
        return lines
    }
}
