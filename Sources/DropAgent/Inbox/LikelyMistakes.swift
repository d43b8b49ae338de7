import DropIndex
import DropValues
import Foundation
import PaymentFiles

/// Rule 4: a payment line naming a number the link never delivered is left alone, unless it is a likely
/// mistake for a document the link did deliver. Likely means the line pays exactly the open amount of an
/// open link invoice and either its number is one keystroke from that invoice's (a digit typed wrong,
/// left out, added, or two swapped) or its payer is that invoice's customer. A different year or number
/// alone, with another amount, is not a mistake: it is a document of before the link (a ledger export
/// carries years of them).
///
/// Open link invoices are read once per file, on the reading side, and only when a line needs them.
final class LikelyMistakes {
    private let documents: PayableDocuments
    private var byOpenAmount: [String: [PayableDocument]]?

    init(documents: PayableDocuments) {
        self.documents = documents
    }

    /// The open invoices a line with an unknown number may have meant (empty: none; the line is not ours).
    func candidates(for fact: PaymentFact, keys: [String], scope: String?) throws -> [PayableDocument] {
        guard fact.paid, let amount = fact.amount, amount > 0, !keys.isEmpty else { return [] }
        if byOpenAmount == nil {
            byOpenAmount = Dictionary(grouping: try documents.openInvoices(), by: { DecimalText.money($0.remoteDue ?? $0.total) })
        }
        return (byOpenAmount?[DecimalText.money(amount)] ?? []).filter { document in
            (scope == nil || document.company == scope) && (fact.currency == nil || fact.currency == document.currency)
                && (keys.contains { Self.oneKeystrokeApart($0, document.numberKey) } || CustomerName.matches(fact.counterparty, document.customer))
        }
    }

    /// Whether two numbers differ by one keystroke: one character changed, left out, added, or two
    /// neighbours swapped (the optimal string alignment distance is 1).
    static func oneKeystrokeApart(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x != y, abs(x.count - y.count) <= 1 else { return false }
        if x.count == y.count {
            let differing = x.indices.filter { x[$0] != y[$0] }
            if differing.count == 1 { return true }
            return differing.count == 2 && differing[1] == differing[0] + 1 && x[differing[0]] == y[differing[1]]
                && x[differing[1]] == y[differing[0]]
        }
        // One left out: the longer, without one of its characters, is the shorter.
        let (long, short) = x.count > y.count ? (x, y) : (y, x)
        var i = 0
        while i < short.count, long[i] == short[i] { i += 1 }
        return Array(long[(i + 1)...]) == Array(short[i...])
    }
}
