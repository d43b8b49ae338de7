import DropValues
import Foundation
import PaymentFiles
import TeamleaderSandbox
import Testing

/// The payment export `tldrop demo` drops is one an accountant's ledger would write, and it names what
/// the sandbox holds: two open invoices, the first paid in full, the second in part.
@Suite struct DemoExportTests {
    static func sandbox(seed: UInt64) -> TeamleaderSandbox {
        var configuration = SandboxConfiguration()
        configuration.seed = seed
        configuration.today = CalendarDate("2026-11-15")
        return TeamleaderSandbox(configuration: configuration)
    }

    /// Teamleader's number without the spaces of its `2026 / 17` form, as the export's reader gives it.
    static func key(_ number: String?) -> String? { number?.split(separator: " ").joined() }

    @Test(arguments: [UInt64(7), 8, 20_261_207])
    func itPaysTwoOpenInvoicesOfTheDepartment(seed: UInt64) throws {
        let sandbox = Self.sandbox(seed: seed)
        let department = try #require(sandbox.departments.first)
        let export = try #require(sandbox.demoPaymentExport(departmentName: department.name))
        let file = try PaymentFileReader.read(export)
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.facts.count == 2)
        let outstanding = sandbox.invoices.filter { $0.departmentID == department.id && $0.status == "outstanding" }
        let full = try #require(file.facts.first)
        let part = try #require(file.facts.last)
        let partInvoice = try #require(outstanding.first { Self.key($0.number) == Self.key(part.documentNumber) })
        #expect(outstanding.contains { Self.key($0.number) == Self.key(full.documentNumber) })
        #expect(full.documentNumber != part.documentNumber)
        #expect(full.paid && full.amount == nil, "the first is paid in full: its open amount")
        #expect(full.date == sandbox.today && part.date == sandbox.today)
        let partAmount = try #require(part.amount)
        #expect(partAmount > 0 && partAmount < partInvoice.total, "the second is paid in part")
    }

    @Test func anUnknownDepartmentHasNoExport() {
        #expect(Self.sandbox(seed: 7).demoPaymentExport(departmentName: "Nobody BV") == nil)
    }

    @Test func theSameSandboxGivesTheSameBytes() {
        let first = Self.sandbox(seed: 7)
        let name = first.departments[0].name
        #expect(first.demoPaymentExport(departmentName: name) == Self.sandbox(seed: 7).demoPaymentExport(departmentName: name))
    }
}
