import Crypto
import DropFiles
import DropIndex
import DropValues
import Foundation
import PaymentFiles
import TeamleaderAPI

/// A booked invoice or credit note as a Teamleader listing shows it, in the one shape the mirror needs.
struct RemoteDocument: Sendable {
    var kind: DocumentKind
    var id: String
    var departmentId: String
    var number: String
    var date: CalendarDate
    var customer: String
    var paymentReference: String?
    var currency: String
    var total: Decimal
    var status: RemoteStatus
    var updatedAt: Date?
    var due: Decimal?
    var paid: Bool
    var sent: Bool

    /// Nil for a draft or an item without a number or a date: those never travel.
    init?(invoice: Invoice) {
        guard invoice.status.isBooked, let number = invoice.invoiceNumber, let date = invoice.invoiceDate else { return nil }
        kind = .invoice
        id = invoice.id
        departmentId = invoice.department.id
        self.number = number
        self.date = date
        customer = invoice.invoicee.name
        paymentReference = invoice.paymentReference
        currency = invoice.total.payable.currency
        total = invoice.total.payable.amount
        status = RemoteStatus(rawValue: invoice.status.rawValue)
        updatedAt = invoice.updatedAt
        due = invoice.total.due?.amount
        paid = invoice.paid
        sent = invoice.sent ?? false
    }

    init?(creditNote: CreditNote) {
        guard let number = creditNote.creditNoteNumber, let date = creditNote.creditNoteDate else { return nil }
        kind = .creditNote
        id = creditNote.id
        departmentId = creditNote.department.id
        self.number = number
        self.date = date
        customer = creditNote.invoicee.name
        paymentReference = creditNote.paymentReference
        currency = creditNote.total.payable.currency
        total = creditNote.total.payable.amount
        status = RemoteStatus(rawValue: creditNote.status)
        updatedAt = creditNote.updatedAt
        due = nil
        paid = creditNote.paid
        sent = false
    }

    /// A hash of what the document says (number, date, customer, amounts, reference), not of its payment
    /// state: a payment is not a change of the document.
    var fingerprint: String {
        let text = [
            kind.rawValue, departmentId, number, date.description, customer, paymentReference ?? "",
            currency, "\(total)",
        ].joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(text.utf8)).prefix(16).hexadecimal
    }

    /// The payment reference as payment lines are matched on it: a structured communication as its 12
    /// digits, an ISO 11649 creditor reference without spaces, or nil.
    var structuredReference: String? {
        guard let paymentReference else { return nil }
        if let rf = CreditorReference.valid(paymentReference) { return rf }
        let digits = paymentReference.filter(\.isASCIIDigit)
        return digits.count == 12 ? digits : nil
    }

    func record(company: String) -> DocumentRecord {
        DocumentRecord(
            id: id, kind: kind, departmentId: departmentId, company: company, number: number,
            numberKey: DocumentNumber.key(number), documentDate: date, customer: customer,
            paymentReference: structuredReference, currency: currency, total: total, remoteStatus: status,
            remoteUpdatedAt: updatedAt, remoteDue: due, remotePaid: paid, remoteSent: sent,
            fingerprint: fingerprint)
    }

    /// How Teamleader's document differs from what was sent.
    enum Change {
        /// Nothing of the document itself.
        case none
        /// Something the listing shows (number, date, customer, reference, amounts).
        case listed
        /// Only `updated_at` moved, with the payment state the same: a line, a note, a Peppol status…
        /// which only `invoices.info` can tell apart.
        case updatedOnly
    }

    func change(since known: DocumentRecord) -> Change {
        if fingerprint != known.fingerprint { return .listed }
        guard let updatedAt, let before = known.remoteUpdatedAt, updatedAt > before.addingTimeInterval(0.5) else { return .none }
        let paymentStateSame =
            known.remotePaid == paid && known.remoteSent == sent && known.remoteStatus == status
            && known.remoteDue == due
        return paymentStateSame ? .updatedOnly : .none
    }

    /// Whether anything Teamleader says about it differs from what the index holds.
    func differs(from known: DocumentRecord) -> Bool {
        known.remoteUpdatedAt != updatedAt || known.remoteStatus != status || known.remotePaid != paid
            || known.remoteSent != sent || known.remoteDue != due || known.fingerprint != fingerprint
    }
}
