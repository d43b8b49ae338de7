import Foundation

/// A Teamleader invoice status. Open-ended: a status Teamleader adds later still decodes.
public struct InvoiceStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let draft = InvoiceStatus(rawValue: "draft")
    public static let outstanding = InvoiceStatus(rawValue: "outstanding")
    public static let matched = InvoiceStatus(rawValue: "matched")

    /// Booked means `outstanding` or `matched`: the only documents that travel (DESIGN.md rule 1).
    public var isBooked: Bool { self == .outstanding || self == .matched }
    public var description: String { rawValue }
}

/// An invoice as `invoices.list` and `invoices.info` return it: only what tldrop uses.
///
/// Teamleader's specification leaves much open (which fields a record carries, fields added later, the
/// shape of the ones tldrop never reads), so only the id, department, status, `paid`, the invoicee's
/// name and the payable total are required; every other field is read when it is there and readable,
/// and nil otherwise. `payments`, `currency` and `groupedLines` come with `invoices.info` only.
public struct Invoice: Decodable, Sendable, Hashable, Identifiable {
    public var id: String
    public var department: TypedReference
    /// `"2026 / 42"`; nil for a draft.
    public var invoiceNumber: String?
    public var invoiceDate: CalendarDate?
    public var status: InvoiceStatus
    public var paid: Bool
    public var sent: Bool?
    /// The structured communication, `+++084/2613/66074+++`.
    public var paymentReference: String?
    public var invoicee: Invoicee
    public var total: InvoiceTotal
    public var updatedAt: Date?
    public var payments: [InvoicePayment]?
    public var currency: String?
    public var groupedLines: [GroupedLines]?
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case id, department, invoiceNumber, invoiceDate, status, paid, sent, paymentReference, invoicee, total, updatedAt
        case payments, currency, groupedLines, note
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        department = try c.decode(TypedReference.self, forKey: .department)
        invoiceNumber = c.lenient(String.self, forKey: .invoiceNumber)
        invoiceDate = c.lenient(CalendarDate.self, forKey: .invoiceDate)
        status = try c.decode(InvoiceStatus.self, forKey: .status)
        paid = try c.decode(Bool.self, forKey: .paid)
        sent = c.lenient(Bool.self, forKey: .sent)
        paymentReference = c.lenient(String.self, forKey: .paymentReference)
        invoicee = try c.decode(Invoicee.self, forKey: .invoicee)
        total = try c.decode(InvoiceTotal.self, forKey: .total)
        updatedAt = c.lenient(Date.self, forKey: .updatedAt)
        // A payment entry tldrop cannot read must not vanish: exactly-once depends on every entry.
        payments = try c.decodeIfPresent([InvoicePayment].self, forKey: .payments)
        currency = c.lenient(String.self, forKey: .currency)
        groupedLines = c.lenient([GroupedLines].self, forKey: .groupedLines)
        note = c.lenient(String.self, forKey: .note)
    }
}

/// Who a document is for; only the name is needed (it goes into the file name).
public struct Invoicee: Decodable, Sendable, Hashable {
    public var name: String
    public var customer: TypedReference?

    enum CodingKeys: String, CodingKey { case name, customer }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        customer = c.lenient(TypedReference.self, forKey: .customer)
    }
}

public struct InvoiceTotal: Decodable, Sendable, Hashable {
    public var payable: Money
    /// What is still to be paid; credit notes have none.
    public var due: Money?
    public var taxExclusive: Money?
    public var taxInclusive: Money?

    enum CodingKeys: String, CodingKey { case payable, due, taxExclusive, taxInclusive }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        payable = try c.decode(Money.self, forKey: .payable)
        due = c.lenient(Money.self, forKey: .due)
        taxExclusive = c.lenient(Money.self, forKey: .taxExclusive)
        taxInclusive = c.lenient(Money.self, forKey: .taxInclusive)
    }
}

/// One payment in `invoices.info`'s `payments[]`. Its day and amount are what recognise a payment an
/// earlier, lost answer registered; either may be unreadable (nil), and then counts as possibly ours.
public struct InvoicePayment: Decodable, Sendable, Hashable {
    public var paidAt: PaidAt?
    public var payment: Money?

    public init(paidAt: PaidAt?, payment: Money?) {
        self.paidAt = paidAt
        self.payment = payment
    }

    enum CodingKeys: String, CodingKey { case paidAt, payment }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        paidAt = c.lenient(PaidAt.self, forKey: .paidAt)
        payment = c.lenient(Money.self, forKey: .payment)
    }
}

/// The lines of an invoice (`invoices.info`), read for what a change of content would show.
public struct GroupedLines: Decodable, Sendable, Hashable {
    public var lineItems: [LineItem]

    public struct LineItem: Decodable, Sendable, Hashable {
        public var description: String?
        public var quantity: Decimal?
        public var taxExclusive: Decimal?

        enum CodingKeys: String, CodingKey { case description, quantity, total }
        struct Total: Decodable { var taxExclusive: Money? }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            description = c.lenient(String.self, forKey: .description)
            quantity = c.lenient(Decimal.self, forKey: .quantity)
            taxExclusive = c.lenient(Total.self, forKey: .total)?.taxExclusive?.amount
        }
    }

    enum CodingKeys: String, CodingKey { case lineItems }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lineItems = c.lenient([LineItem].self, forKey: .lineItems) ?? []
    }
}
