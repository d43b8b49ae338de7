package import DropValues
package import Foundation
import GRDB

/// What matching a payment line needs of a document, and nothing more: read by position from a narrow
/// query (a statement of a hundred thousand lines looks up as many documents). A class: matching passes
/// it around a lot, and one reference costs less than eleven fields.
package final class PayableDocument: Sendable {
    package let id: String
    package let kind: DocumentKind
    package let company: String
    /// As Teamleader prints it: `2026 / 42`.
    package let number: String
    /// Normalised for lookups: `2026/42`.
    package let numberKey: String
    package let customer: String
    /// The structured communication (12 digits) or creditor reference.
    package let paymentReference: String?
    package let currency: String
    /// Tax included.
    package let total: Decimal
    /// What Teamleader last showed open.
    package let remoteDue: Decimal?
    package let remotePaid: Bool
    /// Whether the index held payments of it when it was read (what a file queues comes after).
    package let hadPayments: Bool
    /// `idHash(id)`, made once where the document is read.
    package let idHash: UInt64

    /// An FNV-1a hash of a document id's bytes, for filters (cheaper than `Hasher` here, and stable).
    package static func idHash(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The columns the lookups read, in the order they are read.
    static let columns = """
        id, kind, company, number, number_key, customer, payment_reference, currency, total, remote_due, remote_paid,
        EXISTS (SELECT 1 FROM payment WHERE payment.document_id = document.id)
        """

    package init(
        id: String, kind: DocumentKind, company: String, number: String, numberKey: String, customer: String,
        paymentReference: String?, currency: String, total: Decimal, remoteDue: Decimal?, remotePaid: Bool, hadPayments: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.company = company
        self.number = number
        self.numberKey = numberKey
        self.customer = customer
        self.paymentReference = paymentReference
        self.currency = currency
        self.total = total
        self.remoteDue = remoteDue
        self.remotePaid = remotePaid
        self.hadPayments = hadPayments
        idHash = Self.idHash(id)
    }
}

/// A payment as the ledger of a document needs it: to tell what is still open and whether a line was
/// queued before.
package struct LedgerPayment: Sendable, Equatable {
    package var documentId: String
    package var inboxFileId: Int64?
    package var line: Int?
    /// Nil: the open amount at push time.
    package var amount: Decimal?
    package var paidAt: CalendarDate
    package var state: PaymentState

    static let columns = "document_id, inbox_file_id, line, amount, paid_at, state"

    init(documentId: String, inboxFileId: Int64?, line: Int?, amount: Decimal?, paidAt: CalendarDate, state: PaymentState) {
        self.documentId = documentId
        self.inboxFileId = inboxFileId
        self.line = line
        self.amount = amount
        self.paidAt = paidAt
        self.state = state
    }
}

/// Looks up documents for payment lines, by the keys lines carry, on one connection: the writer's
/// while a file is applied, or a reader's (`DropIndex.readingDocuments`) so that matching runs on
/// one core while the other applies.
package struct PayableDocuments {
    let db: Database

    /// Documents by structured communication or creditor reference, number key or id, in one query
    /// per kind of key (and per 500 keys).
    package func find(paymentReferences: [String], numberKeys: [String], ids: [String]) throws -> [PayableDocument] {
        var found: [PayableDocument] = []
        var seen = Set<String>()
        let kinds = [("payment_reference", paymentReferences), ("number_key", numberKeys), ("id", ids)].filter { !$0.1.isEmpty }
        for (column, values) in kinds {
            for chunk in InboxApplication.chunks(Array(Set(values))) {
                let sql = "SELECT \(PayableDocument.columns) FROM document WHERE \(column) IN (\(InboxApplication.placeholders(chunk.count)))"
                let statement = RawStatement(try db.cachedStatement(sql: sql), in: db)
                statement.reset()
                var arena = TextArena(capacity: chunk.count * 16)
                for (offset, value) in chunk.enumerated() { arena.add(value, at: Int32(offset + 1)) }
                try statement.run(binding: arena) {
                    while try statement.step() {
                        let document = Self.document(statement)
                        // A document found by two kinds of key counts once.
                        if kinds.count == 1 || seen.insert(document.id).inserted { found.append(document) }
                    }
                }
            }
        }
        return found
    }

    /// The link's open invoices: what a line naming an unknown number may have meant (a typo).
    package func openInvoices() throws -> [PayableDocument] {
        let statement = RawStatement(
            try db.cachedStatement(
                sql: """
                    SELECT \(PayableDocument.columns) FROM document
                    WHERE kind = '\(DocumentKind.invoice.rawValue)' AND state = '\(DocumentState.mirrored.rawValue)'
                    AND remote_paid = 0 AND deleted_in_teamleader = 0
                    """), in: db)
        statement.reset()
        var found: [PayableDocument] = []
        try statement.run(binding: TextArena(capacity: 0)) {
            while try statement.step() { found.append(Self.document(statement)) }
        }
        return found
    }

    /// The document in the current row of a query of `PayableDocument.columns`.
    static func document(_ statement: RawStatement) -> PayableDocument {
        PayableDocument(
            id: statement.text(0) ?? "", kind: DocumentKind(rawValue: statement.text(1) ?? "") ?? .invoice,
            company: statement.text(2) ?? "", number: statement.text(3) ?? "", numberKey: statement.text(4) ?? "",
            customer: statement.text(5) ?? "", paymentReference: statement.text(6), currency: statement.text(7) ?? "",
            total: statement.text(8).flatMap(DecimalText.parse) ?? 0, remoteDue: statement.text(9).flatMap(DecimalText.parse),
            remotePaid: (statement.int(10) ?? 0) != 0,
            hadPayments: (statement.int(11) ?? 0) != 0)
    }
}

extension DropIndex {
    /// Runs `body` on a read connection, where documents can be looked up while another connection
    /// writes (the documents table is not what an inbox file changes).
    package func readingDocuments<T: Sendable>(_ body: @Sendable @escaping (PayableDocuments) throws -> T) async throws -> T {
        try await read { db in try body(PayableDocuments(db: db)) }
    }
}
