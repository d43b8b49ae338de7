import Crypto
import DropFiles
import Foundation
import TeamleaderAPI

/// A document's content as amounts: its lines (quantity, tax-exclusive amount) and totals. Read from
/// `invoices.info` and from the UBL file that was sent, so that a change of `updated_at` alone (a
/// Peppol status, a note, a reminder) is told apart from an edit that reached the lines.
/// Descriptions are left out on purpose: a UBL item name is no faithful copy of Teamleader's text.
struct ContentSummary: Sendable, Hashable {
    var lines: [String]
    var totals: String

    init(info invoice: Invoice) {
        lines = (invoice.groupedLines ?? []).flatMap(\.lineItems).map { Self.key($0.quantity, $0.taxExclusive) }.sorted()
        totals = Self.key(invoice.total.taxExclusive?.amount, invoice.total.taxInclusive?.amount)
    }

    init(ubl document: UBLDocument) {
        lines = document.lines.map { Self.key($0.quantity, $0.amount) }.sorted()
        totals = Self.key(document.taxExclusive, document.taxInclusive)
    }

    var fingerprint: String {
        let text = (lines + ["=", totals]).joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(text.utf8)).prefix(16).hexadecimal
    }

    private static func key(_ a: Decimal?, _ b: Decimal?) -> String {
        "\(a.map(rounded) ?? "-")|\(b.map(rounded) ?? "-")"
    }

    private static func rounded(_ value: Decimal) -> String {
        var copy = value
        var result = Decimal()
        NSDecimalRound(&result, &copy, 2, .plain)
        return "\(result)"
    }
}
