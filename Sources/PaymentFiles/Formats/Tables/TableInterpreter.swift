import Foundation

/// Reads a table (rows of cells from CSV, XLSX or JSON) whose header names its columns in English,
/// Dutch or French: finds the header (lines before it are skipped), then turns each row into a
/// payment fact, or a problem naming the line and what was expected. Balance and total rows, and
/// (in bank exports) money going out, are counted as ignored.
struct TableInterpreter {
    /// When true, numeric cells in date columns are Excel serial days.
    var numericDates = false
    /// The decimal mark to assume when a column's values do not settle it.
    var defaultDecimalMark: ValueParsers.DecimalMark = .comma
    /// How lines are named in problems (`line`, `row`, `item`).
    var lineWord = "line"

    func interpret(_ rows: [TableRow], format: PaymentFileFormat) throws -> PaymentFile {
        guard var layout = TableLayout.find(in: rows) else {
            throw PaymentFileError(
                line: rows.first?.line,
                "no header row found in the first 30 \(lineWord)s: expected columns such as 'invoice number' "
                    + "(factuurnummer, numéro de facture) or 'structured communication' (gestructureerde mededeling, "
                    + "communication structurée), with 'paid' (betaald, payé), 'date' or 'amount' (bedrag, montant); "
                    + "or a bank export's date, amount and communication (mededeling, communication)")
        }
        let body = rows[(layout.headerPosition + 1)...]
        layout.checkDirection(body, header: rows[layout.headerPosition].cells)
        func column(_ role: ColumnRole) -> [String] {
            body.compactMap { row in layout.columns[role].flatMap { $0 < row.cells.count ? row.cells[$0] : nil } }
        }
        var marks: [ColumnRole: ValueParsers.DecimalMark] = [:]
        for role in [ColumnRole.amount, .openAmount, .credit, .debit] {
            marks[role] = ValueParsers.decimalMark(of: column(role)) ?? defaultDecimalMark
        }
        var file = PaymentFile(format: format)
        let reader = TableRowReader(layout: layout, marks: marks, numericDates: numericDates)
        for row in body where !row.cells.allSatisfy({ $0.trimmingSpaces().isEmpty }) {
            do {
                if let fact = try reader.fact(row) {
                    file.facts.append(fact)
                } else {
                    file.ignored += 1
                }
            } catch let problem as TableRowReader.RowProblem {
                file.problems.append(LineProblem(line: row.line, message: problem.message))
            }
        }
        if !layout.isStatusList { file.notes.append("read as a bank export: only money coming in counts") }
        return file
    }
}
