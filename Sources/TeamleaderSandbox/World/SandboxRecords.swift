import DropValues
package import Foundation

/// A department of the sandbox's account.
struct SandboxDepartment: Sendable {
    var id: String
    var name: String
    var vatNumber: String
    var iban: String
    var status = "active"
}

/// A customer: a company or a contact (a person).
struct SandboxCustomer: Sendable {
    enum Kind: String, Sendable { case company, contact }
    var id: String
    var kind: Kind
    var name: String
    var firstName: String?
    var lastName: String?
    var vatNumber: String?
    var email: String
    var addedAt: Date
}

struct SandboxProduct: Sendable {
    var id: String
    var name: String
    var code: String
    var price: Decimal
    var addedAt: Date
}

/// One invoice or credit note line.
struct SandboxLine: Sendable {
    var description: String
    var quantity: Decimal
    var unitPrice: Decimal
    var taxRate: Decimal
    var productID: String?

    var taxExclusive: Decimal { (quantity * unitPrice).rounded(2) }
    var tax: Decimal { (taxExclusive * taxRate).rounded(2) }
}

struct SandboxPayment: Sendable {
    var amount: Decimal
    var paidAt: Date
}

/// An invoice. A draft has no number and no fiscal year.
struct SandboxInvoice: Sendable {
    var id: String
    var departmentID: String
    var fiscalYear: Int?
    var sequence: Int?
    var date: CalendarDate?
    var dueOn: CalendarDate?
    var customerID: String
    var lines: [SandboxLine]
    var paymentReference: String?
    var purchaseOrderNumber: String?
    var payments: [SandboxPayment] = []
    var sent = false
    var createdAt: Date
    var updatedAt: Date
    /// Bumped by every edit; shown on the rendered documents so an edit changes their bytes.
    var revision = 1
    var note: String?

    var isDraft: Bool { sequence == nil }
    var number: String? { sequence.map { "\(fiscalYear ?? 0) / \($0)" } }
    var taxExclusive: Decimal { lines.reduce(0) { $0 + $1.taxExclusive } }
    var tax: Decimal { lines.reduce(0) { $0 + $1.tax } }
    var taxInclusive: Decimal { taxExclusive + tax }
    var paidAmount: Decimal { payments.reduce(0) { $0 + $1.amount } }
    var due: Decimal { max(0, taxInclusive - paidAmount) }
    var isPaid: Bool { !isDraft && due == 0 }
    var status: String { isDraft ? "draft" : (isPaid ? "matched" : "outstanding") }
    var paidAt: Date? { isPaid ? payments.last?.paidAt : nil }
}

/// A booked credit note, crediting (part of) an invoice.
struct SandboxCreditNote: Sendable {
    var id: String
    var departmentID: String
    var fiscalYear: Int
    var sequence: Int
    var date: CalendarDate
    var invoiceID: String?
    var customerID: String
    var lines: [SandboxLine]
    var createdAt: Date
    var updatedAt: Date
    var revision = 1

    var number: String { "\(fiscalYear) / \(sequence)" }
    var taxExclusive: Decimal { lines.reduce(0) { $0 + $1.taxExclusive } }
    var tax: Decimal { lines.reduce(0) { $0 + $1.tax } }
    var taxInclusive: Decimal { taxExclusive + tax }
}

/// One `invoices.registerPayment` the sandbox received, for tests that assert exactly-once.
package struct ReceivedPayment: Sendable, Equatable {
    package var invoiceID: String
    package var amount: Decimal
    package var currency: String
    package var paidAt: Date
    package var receivedAt: Date
    /// Whether the payment was added to the invoice.
    package var applied: Bool
    /// Whether the caller got an answer (false when the `lose payment answers` fault ate it).
    package var answered: Bool
}
