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

/// An invoice as `invoices.list` and `invoices.info` return it.
///
/// Fields that only `invoices.info` carries (`payments`, `currency`, `payment_term`, `grouped_lines`, `note`)
/// are optional and nil on list items.
public struct Invoice: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var department: TypedReference
    /// `"2026 / 42"`; nil for a draft.
    public var invoiceNumber: String?
    public var invoiceDate: CalendarDate?
    public var status: InvoiceStatus
    public var dueOn: CalendarDate?
    public var paid: Bool
    public var paidAt: Date?
    public var sent: Bool?
    public var purchaseOrderNumber: String?
    /// The structured communication, `+++084/2613/66074+++`.
    public var paymentReference: String?
    public var invoicee: Invoicee
    public var total: InvoiceTotal
    public var currencyExchangeRate: CurrencyExchangeRate?
    public var createdAt: Date?
    public var updatedAt: Date?
    public var webUrl: String?
    public var file: TypedReference?
    public var deal: TypedReference?
    public var project: TypedReference?
    public var subscription: TypedReference?
    public var deliveryDate: CalendarDate?
    public var peppolStatus: String?

    // invoices.info only
    public var payments: [InvoicePayment]?
    public var currency: String?
    public var paymentTerm: PaymentTerm?
    public var groupedLines: [GroupedLines]?
    public var note: String?
}

public struct Invoicee: Codable, Sendable, Hashable {
    public var name: String
    public var vatNumber: String?
    public var customer: TypedReference
    public var forAttentionOf: ForAttentionOf?
    public var email: String?

    public struct ForAttentionOf: Codable, Sendable, Hashable {
        public var name: String?
        public var contact: TypedReference?
    }
}

public struct InvoiceTotal: Codable, Sendable, Hashable {
    public var taxExclusive: Money
    public var taxInclusive: Money
    public var payable: Money
    public var taxes: [Tax]
    /// What is still to be paid; credit notes have none.
    public var due: Money?
    public var dueIncassoInclusive: Money?
    public var fixedLateFee: Money?
    public var interest: Money?

    public struct Tax: Codable, Sendable, Hashable {
        public var rate: Decimal
        public var taxable: Money
        public var tax: Money
    }
}

public struct CurrencyExchangeRate: Codable, Sendable, Hashable {
    public var from: String
    public var to: String
    public var rate: Decimal
}

/// One payment in `invoices.info`'s `payments[]`.
public struct InvoicePayment: Codable, Sendable, Hashable {
    public var paidAt: Date
    public var payment: Money

    public init(paidAt: Date, payment: Money) {
        self.paidAt = paidAt
        self.payment = payment
    }
}

public struct PaymentTerm: Codable, Sendable, Hashable {
    /// `cash`, `end_of_month` or `after_invoice_date`.
    public var type: String
    public var days: Int?
}

public struct GroupedLines: Codable, Sendable, Hashable {
    public var section: Section?
    public var lineItems: [LineItem]

    public struct Section: Codable, Sendable, Hashable {
        public var title: String?
    }

    public struct LineItem: Codable, Sendable, Hashable {
        public var product: TypedReference?
        public var quantity: Decimal
        public var description: String
        public var extendedDescription: String?
        public var unitPrice: UnitPrice
        public var total: LineTotal?
    }

    public struct UnitPrice: Codable, Sendable, Hashable {
        public var amount: Decimal
        /// `excluding` (tax).
        public var tax: String
    }

    public struct LineTotal: Codable, Sendable, Hashable {
        public var taxExclusive: Money
        public var taxInclusive: Money
    }
}
