import Foundation

/// A credit note as `creditNotes.list` and `creditNotes.info` return it. Teamleader lists only booked ones.
public struct CreditNote: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var department: TypedReference
    public var creditNoteNumber: String?
    public var creditNoteDate: CalendarDate?
    /// Always `booked` today; kept as text so a new value still decodes.
    public var status: String
    /// The invoice this note credits, when there is one.
    public var invoice: TypedReference?
    public var paid: Bool
    public var paidAt: Date?
    public var invoicee: Invoicee
    public var total: InvoiceTotal
    public var createdAt: Date?
    public var updatedAt: Date?
    public var paymentReference: String?
    public var currency: String?
}
