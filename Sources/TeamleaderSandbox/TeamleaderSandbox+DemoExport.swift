import DropValues
package import Foundation

extension TeamleaderSandbox {
    /// An accountant's payment export (a Belgian ledger CSV: `;`, decimal commas, day/month/year) paying
    /// two open invoices of a department booked in the last 130 days: the first in full, the second in
    /// part. Nil when the department has fewer than two.
    ///
    /// The sandbox's data is the same on every start, so the same export comes back every time: the
    /// demo's second drop is the same bytes, which tldrop then recognises as a duplicate.
    package func demoPaymentExport(departmentName: String) -> Data? {
        guard let department = departments.first(where: { $0.name == departmentName }) else { return nil }
        let today = self.today
        let start = today.adding(days: -130)
        let open = invoices.filter { $0.departmentID == department.id && $0.status == "outstanding" && ($0.date ?? start) >= start }
        guard open.count >= 2 else { return nil }
        let day = String(format: "%02d/%02d/%04d", today.day, today.month, today.year)
        let half = "\(NSDecimalNumber(decimal: open[1].total / 2).intValue),00"
        let text =
            "Factuurnummer;Klant;Betaaldatum;Bedrag;Betaald\n"
            + "\(open[0].number ?? "");\(open[0].customerName.prefix(40));\(day);;ja\n"
            + "\(open[1].number ?? "");\(open[1].customerName.prefix(40));\(day);\(half);ja\n"
        return Data(text.utf8)
    }
}
