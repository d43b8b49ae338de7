import DropAgent
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// Real-world statements against decoy invoices: free text of another numbering, debits and over-payments
/// register nothing and are held for review; the review file, completed by the accountant, registers
/// exactly the rows it names, once.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct ReviewTests {
    /// Twelve invoices `2022 / 1…12` (1,210.00 each) and `2023 / 1` (605.00), mirrored; settle time 0.
    static func decoys(_ harness: AgentHarness) async throws -> [String: SandboxInvoiceSummary] {
        let department = harness.sandbox.departments[0].id
        var invoices: [String: SandboxInvoiceSummary] = [:]
        for _ in 1...12 {
            let invoice = try harness.sandbox.bookInvoice(
                departmentID: department, date: CalendarDate("2022-12-01"), amount: 1000, customerName: "Klant Twaalf NV")
            invoices[DocumentNumberKey.of(invoice.number!)] = invoice
        }
        let january = try harness.sandbox.bookInvoice(
            departmentID: department, date: CalendarDate("2023-01-05"), amount: 500, customerName: "Klant Januari BV")
        invoices[DocumentNumberKey.of(january.number!)] = january
        try harness.writeConfiguration(startDate: CalendarDate("2022-01-01"), extra: "[inbox]\nsettle_seconds = 0\n")
        try await harness.connect()
        let first = await harness.run()
        #expect(first.exitStatus == .success, "\(first.errors.map(\.message))")
        return invoices
    }

    /// The statement of an ING Belgium account whose customers write their own references.
    static func statement(_ invoices: [String: SandboxInvoiceSummary]) -> Data {
        func ogm(_ key: String) -> String { invoices[key]!.paymentReference!.filter(\.isNumber) }
        var coda = CODABuilder(date: "201126")
        coda.credit(1210, text: "2022-12-13548", from: "Klant Twaalf NV")  // line 3: not a Teamleader number
        coda.credit(1210, text: "FACTURE 2022-12-12625", from: "Klant Twaalf NV")  // line 6
        coda.credit(605, text: "2023-01-00225", from: "Klant Januari BV")  // line 9
        coda.debit(1210, ogm: ogm("2022/5"))  // line 12: money going out
        coda.credit(1500, text: "FACTUUR 2022/11", from: "Klant Twaalf NV")  // line 15: more than open
        coda.credit(400, text: "factuur 2022/10", from: "Iemand Anders")  // line 18: part, not the customer
        coda.credit(1210, text: "betaling 2022/9 dank u", from: "Iemand Anders")  // line 21: the open amount
        coda.credit(2000, ogm: ogm("2022/8"), from: "Klant Twaalf NV")  // line 24: more than open
        coda.credit(300, text: "voorschot 2022/7", from: "KLANT TWAALF")  // line 27: part, from the customer
        return coda.data
    }

    @Test func freeTextOfAnotherNumberingDebitsAndOverPaymentsRegisterNothing() async throws {
        try await AgentHarness.with(.agentTest(invoices: 10)) { harness in
            let invoices = try await Self.decoys(harness)
            try harness.drop("statement.cod", Self.statement(invoices))
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
            let file = try #require(outcome.inbox?.files.first)
            #expect(file.result == .processed)
            #expect(file.count(.notOurs) == 3, "\(file.lines)")
            #expect(file.count(.review) == 3, "\(file.lines)")
            #expect(file.count(.queued) == 2, "\(file.lines)")
            #expect(file.count(.problem) == 0)
            #expect(file.ignored == 1)
            let received = harness.sandbox.receivedPayments
            #expect(Set(received.map(\.invoiceID)) == [invoices["2022/9"]!.id, invoices["2022/7"]!.id])
            #expect(received.first { $0.invoiceID == invoices["2022/7"]!.id }?.amount == 300)
            for number in ["2022/12", "2023/1", "2022/5", "2022/11", "2022/10", "2022/8"] {
                #expect(harness.sandbox.invoice(id: invoices[number]!.id)?.paymentCount == 0, "\(number)")
            }
            let review = try Self.reviewFile(harness, "statement.cod.review.csv")
            #expect(review.contains("line 15") && review.contains("line 18") && review.contains("line 24"))
            #expect(!review.contains("line 3;") && !review.contains("line 21"))
            #expect(review.contains("more than the open amount"))
            let index = try harness.openIndex()
            #expect(try await index.openReviewItemCount() == 3)
            let status = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            #expect(status.contains("3 lines held for review"), "\(status)")
        }
    }

    @Test func theReviewRoundTripRegistersExactlyTheCompletedRowsOnce() async throws {
        try await AgentHarness.with(.agentTest(invoices: 10)) { harness in
            let invoices = try await Self.decoys(harness)
            try harness.drop("statement.cod", Self.statement(invoices))
            _ = await harness.run()
            let before = harness.sandbox.receivedPayments.count
            let completed = try Self.complete(
                Self.reviewFile(harness, "statement.cod.review.csv"),
                [
                    "line 15": "2022 / 11;1210,00", "line 18": "2022/10;", "line 24": "-;",
                ])
            try harness.drop("statement.cod.review.csv", Data(completed.utf8))
            let outcome = await harness.run()
            #expect(outcome.exitStatus == .success, "\(outcome.errors.map(\.message))")
            let file = try #require(outcome.inbox?.files.first)
            #expect(file.format == "tldrop review file")
            #expect(file.count(.queued) == 2, "\(file.lines)")
            #expect(file.count(.dismissed) == 1, "\(file.lines)")
            let received = harness.sandbox.receivedPayments.dropFirst(before)
            #expect(received.count == 2)
            #expect(received.first { $0.invoiceID == invoices["2022/11"]!.id }?.amount == 1210)
            #expect(received.first { $0.invoiceID == invoices["2022/10"]!.id }?.amount == 400)
            #expect(try await harness.openIndex().openReviewItemCount() == 0)

            // The same rows again, as the same bytes and as Excel saves them (tabs, UTF-16): applied zero times.
            try harness.drop("kopie.review.csv", Data(completed.utf8))
            var resaved = Data([0xFF, 0xFE])
            resaved.append(completed.replacingOccurrences(of: ";", with: "\t").data(using: .utf16LittleEndian)!)
            try harness.drop("opnieuw bewaard.review.csv", resaved)
            let again = await harness.run()
            #expect(again.exitStatus == .success, "\(again.errors.map(\.message))")
            #expect(harness.sandbox.receivedPayments.count == before + 2)
            let resavedReport = try #require(again.inbox?.files.first { $0.name == "opnieuw bewaard.review.csv" })
            #expect(resavedReport.count(.duplicate) == 3, "\(resavedReport.lines)")
        }
    }

    /// SIGKILL while the completed review file is applied, and while its payments are registered: each
    /// completed row is registered once.
    @Test(arguments: ["after-apply", "after-move", "before-register", "after-register-call"])
    func theReviewRoundTripSurvivesAKill(point: String) async throws {
        try await AgentHarness.with(.agentTest(invoices: 10)) { harness in
            let invoices = try await Self.decoys(harness)
            try harness.drop("statement.cod", Self.statement(invoices))
            _ = await harness.run()
            let before = harness.sandbox.receivedPayments.count
            let completed = try Self.complete(
                Self.reviewFile(harness, "statement.cod.review.csv"), ["line 15": "2022/11;1210", "line 18": "2022/10;"])
            try harness.drop("antwoord.review.csv", Data(completed.utf8))
            let crashed = try await harness.spawn(["run", "--quiet"], extraEnvironment: ["TLDROP_CRASH_AT": point])
            #expect(crashed.signalled, "\(crashed.errorOutput)")
            let next = try await harness.spawn(["run", "--quiet"])
            #expect(next.status == 0, "\(next.errorOutput)")
            _ = try await harness.spawn(["run", "--quiet"])
            let received = harness.sandbox.receivedPayments.dropFirst(before)
            #expect(received.filter { $0.invoiceID == invoices["2022/11"]!.id }.count == 1, "\(received)")
            #expect(received.filter { $0.invoiceID == invoices["2022/10"]!.id }.count == 1, "\(received)")
            #expect(received.count == 2)
            let index = try harness.openIndex()
            #expect(try await index.openReviewItemCount() == 1)
        }
    }

    /// Between reading a file and sending its payment, the invoice changed in Teamleader: its open amount
    /// is now below the payment. The payment is held for review, never capped, never sent.
    @Test func aPaymentAboveWhatTeamleaderNowShowsOpenIsHeldAtPushTime() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let invoice = try #require(harness.openInvoices().first)
            let amount = "\(invoice.total)".replacingOccurrences(of: ".", with: ",")
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(invoice.number!, amount)]), company: "Company 1")
            let queued = await harness.run(AgentRun.Options(command: "inbox", stages: [.inbox]))
            #expect(queued.inbox?.files.first?.count(.queued) == 1)
            try harness.sandbox.editInvoice(id: invoice.id, amount: 10)
            let pushed = await harness.run(AgentRun.Options(command: "push", stages: [.push]))
            #expect(pushed.exitStatus == .success, "\(pushed.errors.map(\.message))")
            #expect(pushed.push?.held.count == 1)
            #expect(harness.sandbox.receivedPayments.isEmpty)
            let index = try harness.openIndex()
            #expect(try await index.payments(documentId: invoice.id).map(\.state) == [.held])
            #expect(try await index.openReviewItemCount() == 1)
            _ = await harness.run()
            let review = try Self.reviewFile(harness, "betalingen.csv.review.csv")
            #expect(review.contains("is more than what Teamleader shows open"), "\(review)")
            #expect(harness.sandbox.receivedPayments.isEmpty)
        }
    }

    static func reviewFile(_ harness: AgentHarness, _ name: String) throws -> String {
        try String(contentsOf: harness.layout.inbox.appendingPathComponent("Review/\(name)"), encoding: .utf8)
    }

    /// Fills the last two columns (document number, amount to register) of the rows whose location is given.
    static func complete(_ review: String, _ answers: [String: String]) throws -> String {
        var lines = review.components(separatedBy: "\r\n")
        for (location, answer) in answers {
            let position = try #require(lines.firstIndex { $0.contains(";\(location);") }, "no row for \(location)")
            #expect(lines[position].hasSuffix(";;"))
            lines[position] = String(lines[position].dropLast(2)) + ";" + answer
        }
        return lines.joined(separator: "\r\n")
    }
}

/// `2022 / 12` → `2022/12`.
enum DocumentNumberKey {
    static func of(_ number: String) -> String { number.replacingOccurrences(of: " ", with: "") }
}

/// A lost `registerPayment` answer, recognised in process, with each `paid_at` form, and by the open
/// amount alone when `payments[]` says nothing readable.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct LostAnswerTests {
    @Test(arguments: [SandboxBehaviour.PaidAtStyle.asSent, .localMidnight, .date, .varied])
    func aLostAnswerIsRecognisedWhateverFormPaidAtComesBackIn(_ paidAt: SandboxBehaviour.PaidAtStyle) async throws {
        var configuration = SandboxConfiguration.agentTest()
        configuration.behaviour.paidAt = paidAt
        try await AgentHarness.with(configuration) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let invoice = try #require(harness.openInvoices().first)
            // A part payment (the invoice stays open, so only payments[] can tell), paid on the 1st: local
            // midnight in Brussels is still the 30th of November in UTC.
            let part = "\((invoice.total / 2).rounded(2))".replacingOccurrences(of: ".", with: ",")
            let rows = "Factuurnummer;Betaald;Betaaldatum;Bedrag\n\(invoice.number!);ja;01/12/2026;\(part)\n"
            try harness.drop("betalingen.csv", Data(rows.utf8), company: "Company 1")
            harness.sandbox.faults.losePaymentAnswers = 1
            _ = await harness.run()
            _ = await harness.run()
            #expect(harness.sandbox.receivedPayments.count == 1)
            #expect(harness.sandbox.receivedPayments.first?.answered == false)
            let payments = try await harness.openIndex().payments(documentId: invoice.id)
            #expect(payments.map(\.state) == [.registered])
        }
    }
}
