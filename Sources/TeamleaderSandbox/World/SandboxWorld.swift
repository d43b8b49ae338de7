import DropValues
import Foundation

/// The account's data: departments, customers, products, invoices and credit notes, with the
/// bookkeeping rules Teamleader applies (numbering per department and fiscal year, structured
/// communications, payments moving an invoice from `outstanding` to `matched`).
struct SandboxWorld: Sendable {
    var today: CalendarDate
    var departments: [SandboxDepartment] = []
    var customers: [SandboxCustomer] = []
    var products: [SandboxProduct] = []
    var invoices: [SandboxInvoice] = []
    var creditNotes: [SandboxCreditNote] = []
    /// Last number used per department and fiscal year, invoices and credit notes apart.
    private var invoiceSequences: [String: Int] = [:]
    private var creditNoteSequences: [String: Int] = [:]
    /// Where each invoice sits in `invoices`, so that lookups stay O(1) with ten thousand of them.
    private var invoicePositions: [String: Int] = [:]

    init(today: CalendarDate) { self.today = today }

    func department(_ id: String) -> SandboxDepartment? { departments.first { $0.id == id } }
    func customer(_ id: String) -> SandboxCustomer? { customers.first { $0.id == id } }
    func invoiceIndex(_ id: String) -> Int? {
        if let position = invoicePositions[id], position < invoices.count, invoices[position].id == id { return position }
        return invoices.firstIndex { $0.id == id }
    }

    mutating func appendInvoice(_ invoice: SandboxInvoice) {
        invoicePositions[invoice.id] = invoices.count
        invoices.append(invoice)
    }
    func creditNoteIndex(_ id: String) -> Int? { creditNotes.firstIndex { $0.id == id } }

    /// A new draft.
    func makeInvoice(
        departmentID: String, date: CalendarDate, customerID: String, lines: [SandboxLine],
        random: inout SandboxRandom
    ) -> SandboxInvoice {
        let created = date.startOfDayUTC + 32_400
        return SandboxInvoice(
            id: random.uuid(), departmentID: departmentID, date: nil, dueOn: nil, customerID: customerID,
            lines: lines,
            purchaseOrderNumber: Int.random(in: 0..<3, using: &random) == 0
                ? "PO-\(Int.random(in: 1000...9999, using: &random))" : nil,
            createdAt: created, updatedAt: created)
    }

    /// Books a draft: it gets the next number of its department's fiscal year, a date, a due date and a
    /// structured communication.
    mutating func book(_ invoice: inout SandboxInvoice, on date: CalendarDate, random: inout SandboxRandom) {
        let key = "\(invoice.departmentID)/\(date.year)"
        let sequence = (invoiceSequences[key] ?? 0) + 1
        invoiceSequences[key] = sequence
        invoice.fiscalYear = date.year
        invoice.sequence = sequence
        invoice.date = date
        invoice.dueOn = date.adding(days: 30)
        let departmentIndex = departments.firstIndex { $0.id == invoice.departmentID } ?? 0
        invoice.paymentReference = Self.structuredCommunication(
            year: date.year, department: departmentIndex, sequence: sequence)
        invoice.updatedAt = max(invoice.updatedAt, date.startOfDayUTC + 36_000)
        invoice.sent = Bool.random(using: &random)
    }

    /// Books a credit note for (part of) an invoice.
    @discardableResult
    mutating func bookCreditNote(
        for invoice: SandboxInvoice, lines: [SandboxLine], on date: CalendarDate, random: inout SandboxRandom
    ) -> SandboxCreditNote {
        let key = "\(invoice.departmentID)/\(date.year)"
        let sequence = (creditNoteSequences[key] ?? 0) + 1
        creditNoteSequences[key] = sequence
        let moment = date.startOfDayUTC + 43_200
        let note = SandboxCreditNote(
            id: random.uuid(), departmentID: invoice.departmentID, fiscalYear: date.year, sequence: sequence,
            date: date, invoiceID: invoice.id, customerID: invoice.customerID, lines: lines,
            createdAt: moment, updatedAt: moment)
        creditNotes.append(note)
        return note
    }

    /// Removes the last booked invoice of a department (Teamleader allows deleting only that one).
    mutating func deleteLastBooked(departmentID: String) -> SandboxInvoice? {
        let candidates = invoices.indices.filter { invoices[$0].departmentID == departmentID && !invoices[$0].isDraft }
        guard
            let last = candidates.max(by: {
                (invoices[$0].fiscalYear ?? 0, invoices[$0].sequence ?? 0) < (invoices[$1].fiscalYear ?? 0, invoices[$1].sequence ?? 0)
            })
        else { return nil }
        let removed = invoices.remove(at: last)
        invoicePositions = Dictionary(uniqueKeysWithValues: invoices.enumerated().map { ($1.id, $0) })
        invoiceSequences["\(departmentID)/\(removed.fiscalYear ?? 0)"] = (removed.sequence ?? 1) - 1
        return removed
    }

    /// A valid Belgian structured communication (`+++ddd/dddd/ddddd+++`, mod 97, 0 written as 97),
    /// unique per department, year and number.
    static func structuredCommunication(year: Int, department: Int, sequence: Int) -> String {
        let base = (year % 100) * 100_000_000 + (department % 100) * 1_000_000 + sequence % 1_000_000
        let remainder = base % 97
        let check = remainder == 0 ? 97 : remainder
        let baseText = String(base)
        let digits =
            String(repeating: "0", count: max(0, 10 - baseText.count)) + baseText
            + (check < 10 ? "0" : "") + String(check)
        let chars = Array(digits)
        return "+++\(String(chars[0..<3]))/\(String(chars[3..<7]))/\(String(chars[7..<12]))+++"
    }
}
