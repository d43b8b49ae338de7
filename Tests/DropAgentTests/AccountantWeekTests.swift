import DropAgent
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// An accountant's week on one root: whole ledger exports, review files settled over days, a file that
/// could not be read fixed and dropped again, reports that learn what became of their lines.
@Suite struct AccountantWeekTests {
    /// An amount as a Belgian export writes it: `1000,37`.
    static func cell(_ value: Decimal) -> String { DecimalText.money(value).replacingOccurrences(of: ".", with: ",") }

    /// A review file with `answer` written as the document number on the row whose text contains `marker`.
    static func answering(_ review: String, row marker: String, with answer: String) -> String {
        review.components(separatedBy: "\r\n").map { line in
            line.contains(marker) && line.hasSuffix(";;") ? String(line.dropLast(2)) + ";\(answer);" : line
        }.joined(separator: "\r\n")
    }

    /// The "Needs attention" section of STATUS.md.
    static func needsAttention(_ harness: AgentHarness) throws -> String {
        let status = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
        guard let start = status.range(of: "## Needs attention") else { return "" }
        let rest = status[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    /// An invoice number of the same sequence one year on: one keystroke away (`2026 / 7` → `2027 / 7`).
    static func nextYear(_ number: String) -> String { number.replacingOccurrences(of: "2026 /", with: "2027 /") }

    /// Finding 5: a ledger export of 40 lines for invoices the link never delivered is counted, not held;
    /// beside it one ambiguous line and one likely typo wait for the accountant, "Needs attention" says so,
    /// and one edit of the review file settles both.
    @Test func aLedgerExportOfOldNumbersIsCountedAndOnlyWhatAPersonCanSettleIsHeld() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await InboxTests.prepared(harness)
            let sandbox = harness.sandbox
            let open = harness.openInvoices(department: 0)
            let dues = Set(sandbox.invoices.map(\.due))
            let typo = try #require(open.first)
            let shared = try #require(
                open.first { invoice in sandbox.invoices.contains { $0.number == invoice.number && $0.departmentID != invoice.departmentID } })
            var lines = ["Factuurnummer;Betaald;Betaaldatum;Bedrag"]
            var amount = Decimal(string: "1000.37")!
            for number in 1...40 {
                while dues.contains(amount) { amount += 1 }
                lines.append("2025 / \(number);ja;15/03/2025;\(Self.cell(amount))")
                amount += 7
            }
            lines.append("\(Self.nextYear(typo.number!));ja;28/11/2026;\(Self.cell(typo.due))")
            lines.append("\(shared.number!);ja;28/11/2026;")
            try harness.drop("grootboek.csv", Data((lines.joined(separator: "\n") + "\n").utf8))

            let day1 = await harness.run()
            let file = try #require(day1.inbox?.files.first)
            #expect(file.count(.notOurs) == 40 && file.count(.review) == 2, "\(file.counts)")
            #expect(day1.summaryLine.contains("40 lines not delivered by the link"), "\(day1.summaryLine)")
            let needs = try Self.needsAttention(harness)
            #expect(needs.contains("2 lines held for review") && needs.contains("Inbox/Review/grootboek.csv.review.csv"), "\(needs)")
            #expect(!needs.contains("Nothing."))
            let status = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            #expect(!status.contains("2025 / 17"), "the 40 lines are counted, never listed")
            let review = try #require(harness.reviewFile(for: "grootboek.csv"))
            let rows = review.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(rows.count == 4 && rows[1].hasPrefix("ALL;"), "header, the whole-file row, two lines: \(rows)")
            let typoRow = try #require(rows.first { $0.contains(Self.nextYear(typo.number!)) })
            #expect(typoRow.contains("invoice \(typo.number!) of 'Company 1'"), "the likely typo names its candidate: \(typoRow)")

            // One edit: '-' on the whole-file row, dropped back: both dismissed, nothing registered.
            try harness.drop("grootboek-nagekeken.csv", Data(Self.answering(review, row: "ALL;", with: "-").utf8))
            let day2 = await harness.run()
            #expect(day2.inbox?.files.first?.count(.dismissed) == 2, "\(String(describing: day2.inbox?.files.first?.counts))")
            #expect(harness.reviewFile(for: "grootboek.csv") == nil, "a review file with nothing open goes")
            #expect(try Self.needsAttention(harness).contains("Nothing."))
            #expect(harness.sandbox.receivedPayments.isEmpty)
        }
    }

    /// Finding 6: nothing stays listed once settled. A rejected file fixed and dropped again leaves the
    /// list, its error file beside it in Processed/; settled rows leave the review file, whose candidates
    /// show what is open now; the report learns what became of each line once the push knows.
    @Test func whatWasSettledLeavesTheListsAndTheReportLearnsTheOutcomes() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try await InboxTests.prepared(harness)
            let sandbox = harness.sandbox
            let open = harness.openInvoices(department: 0)
            let shared = open.filter { invoice in sandbox.invoices.contains { $0.number == invoice.number && $0.departmentID != invoice.departmentID }
            }
            #expect(shared.count >= 2)
            let others = open.filter { invoice in !shared.prefix(2).contains { $0.id == invoice.id } }
            let (paidMeanwhile, registered, overpaid) = (others[0], others[1], others[2])
            try harness.drop("kapot.csv", Data("Omschrijving;Iets\nhallo;wereld\n".utf8))
            try harness.drop(
                "betalingen.csv",
                AgentHarness.paymentCSV([(paidMeanwhile.number!, ""), (registered.number!, ""), (overpaid.number!, Self.cell(overpaid.due + 500))]),
                company: "Company 1")
            // Numbers both companies use, dropped at the top of the inbox: two lines to settle.
            try harness.drop("gedeeld.csv", AgentHarness.paymentCSV([(shared[0].number!, ""), (shared[1].number!, "")]))
            // Day 1: the files are read; nothing is pushed yet.
            let intake = await harness.run(AgentRun.Options(command: "inbox", stages: [.inbox]))
            #expect(intake.inbox?.rejectedFiles == 1)
            let month = InboxTests.month
            let reportURL = harness.layout.inbox.appendingPathComponent("Processed/\(month)/betalingen.csv.report.txt")
            #expect(try String(contentsOf: reportURL, encoding: .utf8).contains("To register in Teamleader: 2"))
            #expect(try String(contentsOf: harness.layout.statusFile, encoding: .utf8).contains("Fix it and move it back"))

            // Day 2: someone paid one invoice in Teamleader meanwhile; the push knows what became of each line.
            try sandbox.payInvoice(id: paidMeanwhile.id)
            _ = await harness.run()
            let report = try String(contentsOf: reportURL, encoding: .utf8)
            #expect(report.contains(ReportOutcomes.marker) && report.contains("In Teamleader, as of"), "\(report)")
            #expect(report.contains("\(registered.number!), the open amount: registered on"), "\(report)")
            #expect(report.contains("\(paidMeanwhile.number!), the open amount: already paid in Teamleader; nothing sent"), "\(report)")
            #expect(try await harness.openIndex().inboxFilesWithNewOutcomes().isEmpty)

            // The ambiguous lines' candidates show what is open now: one of them gets a part payment.
            try harness.drop("deel.csv", AgentHarness.paymentCSV([(shared[0].number!, "5,00")]), company: "Company 1")
            _ = await harness.run()
            let review = try #require(harness.reviewFile(for: "gedeeld.csv"))
            #expect(review.contains("open \(DecimalText.money(shared[0].due - 5)) EUR"), "\(review)")

            // Day 3: the admin fixes the rejected file and moves it back; it is read, and leaves the list.
            try FileManager.default.removeItem(at: harness.layout.inbox.appendingPathComponent("Rejected/kapot.csv"))
            try harness.drop("kapot.csv", AgentHarness.paymentCSV([(others[3].number!, "")]))
            _ = await harness.run()
            #expect(harness.inbox("Rejected").isEmpty, "\(harness.inbox("Rejected"))")
            #expect(Set(harness.inbox("Processed/\(month)")).isSuperset(of: ["kapot.csv", "kapot.csv.report.txt", "kapot.csv.error.txt"]))
            let status = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            #expect(!status.contains("Fix it and move it back") && !status.contains("Rejected/kapot.csv"), "\(status)")

            // Day 4: one ambiguous row is dismissed; the review file keeps only what is still open.
            try harness.drop("nagekeken.csv", Data(Self.answering(review, row: "could be invoice \(shared[1].number!)", with: "-").utf8))
            _ = await harness.run()
            let rest = try #require(harness.reviewFile(for: "gedeeld.csv"))
            #expect(!rest.contains("could be invoice \(shared[1].number!)") && rest.contains(shared[0].number!) && !rest.contains("ALL;"), "\(rest)")
            let outcomes = try String(contentsOf: reportURL, encoding: .utf8)
            #expect(outcomes.components(separatedBy: ReportOutcomes.marker).count == 2, "one outcome section, rewritten")
        }
    }
}
