import Foundation

/// A credit note as `creditNotes.list` and `creditNotes.info` return it (Teamleader lists only booked
/// ones): only what tldrop uses, read as leniently as `Invoice`.
public struct CreditNote: Decodable, Sendable, Hashable, Identifiable {
    public var id: String
    public var department: TypedReference
    public var creditNoteNumber: String?
    public var creditNoteDate: CalendarDate?
    /// `booked` today; kept as text so a new value still decodes.
    public var status: String
    /// The invoice this note credits, when there is one.
    public var invoice: TypedReference?
    public var paid: Bool
    public var invoicee: Invoicee
    public var total: InvoiceTotal
    public var updatedAt: Date?
    public var paymentReference: String?
    public var currency: String?

    enum CodingKeys: String, CodingKey {
        case id, department, creditNoteNumber, creditNoteDate, status, invoice, paid, invoicee, total, updatedAt, paymentReference
        case currency
    }

    public init(from decoder: any Decoder) throws {
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
