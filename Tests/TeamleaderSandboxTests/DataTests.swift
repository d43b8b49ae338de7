import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// The seeded data has what later features need to be tested against, and the same seed gives the
/// same account.
@Suite struct DataTests {
    @Test func theSameSeedGivesTheSameAccount() {
        let a = TeamleaderSandbox(configuration: .fixed(seed: 7))
        let b = TeamleaderSandbox(configuration: .fixed(seed: 7))
        let c = TeamleaderSandbox(configuration: .fixed(seed: 8))
        #expect(a.invoices == b.invoices)
        #expect(a.departments == b.departments)
        #expect(a.invoices.map(\.id) != c.invoices.map(\.id))
        let invoice = a.invoices.first { $0.status == "outstanding" }!
        #expect(a.documentBytes(id: invoice.id, format: "pdf") == b.documentBytes(id: invoice.id, format: "pdf"))
    }

    @Test func draftsBookedAndPaidInvoicesAndCreditNotesAreSeeded() {
        let sandbox = TeamleaderSandbox(configuration: .fixed(invoices: 80))
        let statuses = Set(sandbox.invoices.map(\.status))
        #expect(statuses == ["draft", "outstanding", "matched"])
        #expect(sandbox.invoices.filter { $0.status == "draft" }.allSatisfy { $0.number == nil && $0.paymentReference == nil })
        #expect(!sandbox.creditNotes.isEmpty)
        let numbers = sandbox.invoices.compactMap(\.number)
        #expect(numbers.allSatisfy { $0.range(of: #"^\d{4} / \d+$"#, options: .regularExpression) != nil })
        // The same number exists in both departments.
        let shared = Dictionary(grouping: sandbox.invoices.filter { $0.number != nil }, by: { $0.number! })
            .values.contains { Set($0.map(\.departmentID)).count == 2 }
        #expect(shared)
    }

    @Test func everyPaymentReferenceIsAValidStructuredCommunication() {
        let sandbox = TeamleaderSandbox(configuration: .fixed(invoices: 200))
        let references = sandbox.invoices.compactMap(\.paymentReference)
        #expect(references.count == sandbox.invoices.filter { $0.status != "draft" }.count)
        #expect(Set(references).count == references.count)
        for reference in references {
            #expect(reference.range(of: #"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$"#, options: .regularExpression) != nil)
            let digits = reference.filter(\.isNumber)
            let base = Int(digits.prefix(10))!
            let check = Int(digits.suffix(2))!
            #expect(check == (base % 97 == 0 ? 97 : base % 97), "\(reference)")
        }
    }

    @Test func customersHaveAwkwardNames() {
        let names = Set(TeamleaderSandbox(configuration: .fixed(invoices: 400)).invoices.map(\.customerName))
        #expect(names.contains { $0.contains("/") })
        #expect(names.contains { $0.contains("\"") })
        #expect(names.contains { $0.hasPrefix("..") || $0.hasPrefix(".") })
        #expect(names.contains { $0.hasPrefix("-") })
        #expect(names.contains { $0.unicodeScalars.contains { $0.value > 0x7F } })
        #expect(names.contains { $0.count >= 300 })
    }

    @Test func controlOperationsBookEditAndDelete() throws {
        let sandbox = TeamleaderSandbox(configuration: .fixed())
        let department = sandbox.departments[1].id
        let booked = try sandbox.bookInvoice(departmentID: department, amount: 100, customerName: "Nieuwe Klant BV")
        #expect(booked.status == "outstanding" && booked.total == 121 && booked.number != nil)
        let edited = try sandbox.editInvoice(id: booked.id)
        #expect(edited.revision == 2)
        #expect(sandbox.documentBytes(id: booked.id, format: "pdf") != nil)
        let removed = try sandbox.deleteLastInvoice(departmentID: department)
        #expect(removed.id == booked.id)
        #expect(sandbox.invoice(id: booked.id) == nil)
        // The number is free again, as after deleting the last invoice in Teamleader.
        let next = try sandbox.bookInvoice(departmentID: department)
        #expect(next.number == booked.number)
    }
}
