package import DropValues
package import Foundation

/// A Teamleader invoice status. Open-ended: a status Teamleader adds later still decodes.
package struct InvoiceStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    package static let draft = InvoiceStatus(rawValue: "draft")
    package static let outstanding = InvoiceStatus(rawValue: "outstanding")
    package static let matched = InvoiceStatus(rawValue: "matched")

    /// Booked means `outstanding` or `matched`: the only documents that travel (DESIGN.md rule 1).
    package var isBooked: Bool { self == .outstanding || self == .matched }
    package var description: String { rawValue }
}

/// An invoice as `invoices.list` and `invoices.info` return it: only what tldrop uses.
///
/// Teamleader's specification leaves much open (which fields a record carries, fields added later, the
/// shape of the ones tldrop never reads), so only the id, department, status, `paid`, the invoicee's
/// name and the payable total are required; every other field is read when it is there and readable,
/// and nil otherwise. `payments`, `currency` and `groupedLines` come with `invoices.info` only.
package struct Invoice: Decodable, Sendable, Hashable, Identifiable {
    package var id: String
    package var department: TypedReference
    /// `"2026 / 42"`; nil for a draft.
    package var invoiceNumber: String?
    package var invoiceDate: CalendarDate?
    package var status: InvoiceStatus
    package var paid: Bool
    package var sent: Bool?
    /// The structured communication, `+++084/2613/66074+++`.
    package var paymentReference: String?
    package var invoicee: Invoicee
    package var total: InvoiceTotal
    package var updatedAt: Date?
    package var payments: [InvoicePayment]?
    package var currency: String?
    package var groupedLines: [GroupedLines]?
    package var note: String?

    enum CodingKeys: String, CodingKey {
        case id, department, invoiceNumber, invoiceDate, status, paid, sent, paymentReference, invoicee, total, updatedAt
        case payments, currency, groupedLines, note
    }

    package init(from decoder: any Decoder) throws {
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
package struct Invoicee: Decodable, Sendable, Hashable {
    package var name: String
    package var customer: TypedReference?

    enum CodingKeys: String, CodingKey { case name, customer }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        customer = c.lenient(TypedReference.self, forKey: .customer)
    }
}

package struct InvoiceTotal: Decodable, Sendable, Hashable {
    package var payable: Money
    /// What is still to be paid; credit notes have none.
    package var due: Money?
    package var taxExclusive: Money?
    package var taxInclusive: Money?

    enum CodingKeys: String, CodingKey { case payable, due, taxExclusive, taxInclusive }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        payable = try c.decode(Money.self, forKey: .payable)
        due = c.lenient(Money.self, forKey: .due)
        taxExclusive = c.lenient(Money.self, forKey: .taxExclusive)
        taxInclusive = c.lenient(Money.self, forKey: .taxInclusive)
    }
}

/// One payment in `invoices.info`'s `payments[]`. Its day and amount are what recognise a payment an
/// earlier, lost answer registered; either may be unreadable (nil), and then counts as possibly ours.
package struct InvoicePayment: Decodable, Sendable, Hashable {
    package var paidAt: PaidAt?
    package var payment: Money?

    package init(paidAt: PaidAt?, payment: Money?) {
        self.paidAt = paidAt
        self.payment = payment
    }

    enum CodingKeys: String, CodingKey { case paidAt, payment }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        paidAt = c.lenient(PaidAt.self, forKey: .paidAt)
        payment = c.lenient(Money.self, forKey: .payment)
    }
}

/// The lines of an invoice (`invoices.info`), read for what a change of content would show.
package struct GroupedLines: Decodable, Sendable, Hashable {
    package var lineItems: [LineItem]

    package struct LineItem: Decodable, Sendable, Hashable {
        package var description: String?
        package var quantity: Decimal?
        package var taxExclusive: Decimal?

        enum CodingKeys: String, CodingKey { case description, quantity, total }
        struct Total: Decodable { var taxExclusive: Money? }

        package init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            description = c.lenient(String.self, forKey: .description)
            quantity = c.lenient(Decimal.self, forKey: .quantity)
            taxExclusive = c.lenient(Total.self, forKey: .total)?.taxExclusive?.amount
        }
    }

    enum CodingKeys: String, CodingKey { case lineItems }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lineItems = c.lenient([LineItem].self, forKey: .lineItems) ?? []
    }
}
