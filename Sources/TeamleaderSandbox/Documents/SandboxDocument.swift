import DropValues
import Foundation

/// What an invoice or credit note shows on paper, gathered from the records once so that the PDF and the
/// UBL renderings agree.
struct SandboxDocument: Sendable {
    var isCreditNote: Bool
    var id: String
    var number: String
    var date: CalendarDate
    var dueOn: CalendarDate?
    var supplier: SandboxDepartment
    var customerName: String
    var customerVAT: String?
    var lines: [SandboxLine]
    var taxExclusive: Decimal
    var tax: Decimal
    var taxInclusive: Decimal
    var due: Decimal
    var paymentReference: String?
    var creditedNumber: String?
    var revision: Int
    var currency = "EUR"

    init?(invoice: SandboxInvoice, world: SandboxWorld) {
        guard let supplier = world.department(invoice.departmentID) else { return nil }
        let customer = world.customer(invoice.customerID)
        isCreditNote = false
        id = invoice.id
        number = invoice.number ?? "DRAFT"
        date = invoice.date ?? world.today
        dueOn = invoice.dueOn
        self.supplier = supplier
        customerName = customer?.name ?? "Unknown"
        customerVAT = customer?.vatNumber
        lines = invoice.lines
        taxExclusive = invoice.taxExclusive
        tax = invoice.tax
        taxInclusive = invoice.taxInclusive
        due = invoice.taxInclusive
        paymentReference = invoice.paymentReference
        revision = invoice.revision
    }

    init?(creditNote: SandboxCreditNote, world: SandboxWorld) {
        guard let supplier = world.department(creditNote.departmentID) else { return nil }
        let customer = world.customer(creditNote.customerID)
        isCreditNote = true
        id = creditNote.id
        number = creditNote.number
        date = creditNote.date
        self.supplier = supplier
        customerName = customer?.name ?? "Unknown"
        customerVAT = customer?.vatNumber
        lines = creditNote.lines
        taxExclusive = creditNote.taxExclusive
        tax = creditNote.tax
        taxInclusive = creditNote.taxInclusive
        due = creditNote.taxInclusive
        creditedNumber = creditNote.invoiceID.flatMap { world.invoiceIndex($0) }.flatMap { world.invoices[$0].number }
        revision = creditNote.revision
    }

    var title: String { isCreditNote ? "Credit note" : "Invoice" }

    static func amount(_ value: Decimal) -> String {
        let rounded = value.rounded(2)
        var text = "\(rounded)"
        if !text.contains(".") { text += ".00" } else if text.split(separator: ".")[1].count == 1 { text += "0" }
        return text
    }
}
