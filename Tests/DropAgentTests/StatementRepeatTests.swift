import DropAgent
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// One movement, one payment, end to end: a statement a bank sends twice (in one file or in two), a
/// movement standing twice in one statement, a statement whose balances do not add up. What cannot be
/// told apart is held; nothing is ever registered twice. Decoys: a structured communication on a
/// debit, on a return, and on a globalisation's total whose details were paid.
@Suite struct StatementRepeatTests {
    static func ogm(_ invoice: SandboxInvoiceSummary) -> String { invoice.paymentReference?.filter(\.isNumber) ?? "" }

    static func cents(_ amount: Decimal) -> String {
        let text = DecimalText.money(amount).replacingOccurrences(of: ".", with: ",")
        return text
    }

    /// An MT940 statement (behind ABN AMRO's transport header) of `lines`, with the balances they make
    /// unless `closing` says otherwise.
    static func statement(number: String, lines: [(amount: Decimal, credit: Bool, info: String)], closing: Decimal? = nil) -> String {
        let total = lines.reduce(Decimal(0)) { $0 + ($1.credit ? $1.amount : -$1.amount) }
        let end = closing ?? total
        var text = "ABNANL2A\n940\nABNANL2A\n:20:STMT\(number)\n:25:NL91ABNA0417164300\n:28C:\(number)/1\n:60F:C261119EUR0,00\n"
        for line in lines {
            text += ":61:2611201120\(line.credit ? "C" : "D")\(cents(line.amount))NTRFNONREF//BANKREF\n:86:\(line.info)\n"
        }
        return text + ":62F:\(end < 0 ? "D" : "C")261120EUR\(cents(abs(end)))\n-\n"
    }

    static func paying(_ invoice: SandboxInvoiceSummary) -> String { "/EREF/NOTPROVIDED//REMI/STRD/BBA/\(ogm(invoice))/" }

    @Test func aStatementSentTwiceInOneFileOrInTwoRegistersEachPaymentOnce() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try await InboxTests.prepared(harness)
            let open = harness.openInvoices(department: 0)
            let (a, b, debit, returned) = (open[0], open[1], open[2], open[3])
            let first = Self.statement(
                number: "00042",
                lines: [
                    (a.due, true, Self.paying(a)), (debit.due, false, Self.paying(debit)),
                    (returned.due, true, "/RTRN/MS03//EREF/NOTPROVIDED//REMI/STRD/BBA/\(Self.ogm(returned))/"),
                ])
            // ABN AMRO: the same statement twice in one file.
            try harness.drop("abn.sta", Data((first + first).utf8), company: "Company 1")
            let day1 = await harness.run()
            let file = try #require(day1.inbox?.files.first)
            #expect(file.count(.queued) == 1 && file.count(.duplicate) == 1, "\(file.counts)")
            // The next day's export carries yesterday's statement again, and today's.
            let second = Self.statement(number: "00043", lines: [(b.due, true, Self.paying(b))])
            try harness.drop("abn-2.sta", Data((first + second).utf8), company: "Company 1")
            let day2 = await harness.run()
            let next = try #require(day2.inbox?.files.first)
            #expect(next.count(.queued) == 1 && next.count(.duplicate) == 1, "\(next.counts)")
            let report = try String(
                contentsOf: harness.layout.inbox.appendingPathComponent("Processed/\(InboxTests.month)/abn-2.sta.report.txt"), encoding: .utf8)
            #expect(report.contains("the same statement came before"), "\(report)")
            #expect(Set(harness.sandbox.receivedPayments.map(\.invoiceID)) == [a.id, b.id])
            #expect(harness.sandbox.receivedPayments.count == 2, "each once; no debit, no return")
        }
    }

    @Test func aLineStandingTwiceIsACopyWhenTheBalancesSaySoAndHeldWhenNothingDoes() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try await InboxTests.prepared(harness)
            let open = harness.openInvoices(department: 0)
            let (a, b, c) = (open[0], open[1], open[2])
            let part = (a.due / 4).rounded(2)
            // ASN: a byte-identical credit line its own closing balance counts once.
            let asn = Self.statement(number: "7", lines: [(part, true, Self.paying(a)), (part, true, Self.paying(a))], closing: part)
            try harness.drop("asn.sta", Data(asn.utf8), company: "Company 1")
            let copy = try #require(await harness.run().inbox?.files.first)
            #expect(copy.count(.queued) == 1, "\(copy.counts)")
            #expect(copy.count(.duplicate) == 1, "\(copy.counts)")
            // No balance says which: the second is held for a person, never registered by itself.
            let partB = (b.due / 4).rounded(2)
            let unsure = Self.statement(number: "8", lines: [(partB, true, Self.paying(b)), (partB, true, Self.paying(b))], closing: 1)
            try harness.drop("asn-2.sta", Data(unsure.utf8), company: "Company 1")
            let held = try #require(await harness.run().inbox?.files.first)
            #expect(held.count(.queued) == 1 && held.count(.review) == 1, "\(held.counts)")
            // Knab: a line booked as a tenth of what the balances say: held, the rest of the statement applied.
            let knab = Self.statement(number: "9", lines: [(c.due / 10, true, Self.paying(c))], closing: c.due)
            try harness.drop("knab.sta", Data(knab.utf8), company: "Company 1")
            let disputed = try #require(await harness.run().inbox?.files.first)
            #expect(disputed.count(.review) == 1 && disputed.count(.queued) == 0, "\(disputed.counts)")
            let review = try #require(harness.reviewFile(for: "knab.sta"))
            #expect(review.contains("balances differ from its movements"), "\(review)")
            let paid = Dictionary(grouping: harness.sandbox.receivedPayments, by: \.invoiceID).mapValues(\.count)
            #expect(paid == [a.id: 1, b.id: 1], "\(paid)")
        }
    }

    @Test func aGlobalisationsTotalIsNeverPaidBesideItsDetails() async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try await InboxTests.prepared(harness)
            let open = harness.openInvoices(department: 0)
            let (total, first, second) = (open[0], open[1], open[2])
            var statement = CODABuilder()
            statement.globalisedCredit(
                first.due + second.due, ogm: Self.ogm(total),
                details: [.init(amount: first.due, ogm: Self.ogm(first)), .init(amount: second.due, ogm: Self.ogm(second))])
            try harness.drop("kbc.cod", statement.data, company: "Company 1")
            _ = await harness.run()
            #expect(Set(harness.sandbox.receivedPayments.map(\.invoiceID)) == [first.id, second.id])
        }
    }
}
