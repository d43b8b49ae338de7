package import DropValues
package import Foundation

/// A credit note as `creditNotes.list` and `creditNotes.info` return it (Teamleader lists only booked
/// ones): only what tldrop uses, read as leniently as `Invoice`.
package struct CreditNote: Decodable, Sendable, Hashable, Identifiable {
    package var id: String
    package var department: TypedReference
    package var creditNoteNumber: String?
    package var creditNoteDate: CalendarDate?
    /// `booked` today; kept as text so a new value still decodes.
    package var status: String
    /// The invoice this note credits, when there is one.
    package var invoice: TypedReference?
    package var paid: Bool
    package var invoicee: Invoicee
    package var total: InvoiceTotal
    package var updatedAt: Date?
    package var paymentReference: String?
    package var currency: String?

    enum CodingKeys: String, CodingKey {
        case id, department, creditNoteNumber, creditNoteDate, status, invoice, paid, invoicee, total, updatedAt, paymentReference
        case currency
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        department = try c.decode(TypedReference.self, forKey: .department)
        creditNoteNumber = c.lenient(String.self, forKey: .creditNoteNumber)
        creditNoteDate = c.lenient(CalendarDate.self, forKey: .creditNoteDate)
        status = c.lenient(String.self, forKey: .status) ?? "booked"
        invoice = c.lenient(TypedReference.self, forKey: .invoice)
        paid = c.lenient(Bool.self, forKey: .paid) ?? false
        invoicee = try c.decode(Invoicee.self, forKey: .invoicee)
        total = try c.decode(InvoiceTotal.self, forKey: .total)
        updatedAt = c.lenient(Date.self, forKey: .updatedAt)
        paymentReference = c.lenient(String.self, forKey: .paymentReference)
        currency = c.lenient(String.self, forKey: .currency)
    }
}
