import Foundation
import Wording

/// Reads a table (rows of cells from CSV, XLSX or JSON) whose header names its columns in English,
/// Dutch or French: finds the header (lines before it are skipped), then turns each row into a
/// payment fact, or a problem naming the line and what was expected. Balance and total rows, and
/// (in bank exports) money going out, are counted as ignored.
///
/// Two looks at the rows: the first finds the header among the first 30 and reads on only until every
/// amount column's decimal mark is settled (usually on the first row); the second reads every row.
struct TableInterpreter {
    /// When true, numeric cells in date columns are Excel serial days.
    var numericDates = false
    /// The decimal mark to assume when a column's values do not settle it.
    var defaultDecimalMark: ValueParsers.DecimalMark = .comma
    /// How lines are named in problems (`line`, `row`, `item`).
    var lineWord = "line"

    /// - Returns: the layout read, whose kind (status list or bank export) the caller reports.
    @discardableResult
    func interpret(_ source: some TableSource, format: PaymentFileFormat, into sink: inout PaymentSink) throws -> TableLayout {
        var head: [TableRow] = []
        var settling: ColumnSettling?
        try source.forEachRow { row in
            if var found = settling {
                found.observe(row)
                settling = found
                return !found.isSettled
            }
            head.append(row)
            guard head.count == TableLayout.headerSearchRows else { return true }
            settling = try ColumnSettling(head: head, lineWord: lineWord)
            return !(settling?.isSettled ?? true)
        }
        var settled = try settling ?? ColumnSettling(head: head, lineWord: lineWord)
        let layout = settled.finish()
        var marks: [ColumnRole: ValueParsers.DecimalMark] = [:]
        for role in [ColumnRole.amount, .openAmount, .credit, .debit] { marks[role] = settled.marks[role] ?? defaultDecimalMark }
        let reader = TableRowReader(layout: layout, marks: marks, numericDates: numericDates)
        var position = 0
        try source.forEachRow { row in
            defer { position += 1 }
            guard position > layout.headerPosition, !row.isBlank else { return true }
            do {
                if let fact = try reader.fact(row) {
                    try sink.add(fact)
                } else {
                    sink.ignore()
                }
            } catch let problem as TableRowReader.RowProblem {
                try sink.problem(LineProblem(line: row.line, problem.reading))
            }
            return true
        }
        return layout
    }

    /// The note a bank export gets.
    static let bankExportNote = Phrase.noteBankExport
}

/// What the rows after the header say about its columns: each amount column's decimal mark (two
/// decimals after a comma or a point settle it), and whether a column headed only "Type" holds
/// directions at all.
struct ColumnSettling {
    private(set) var layout: TableLayout
    private(set) var marks: [ColumnRole: ValueParsers.DecimalMark] = [:]
    private var unsettled: [ColumnRole]
    /// A "Type" column not yet shown to hold a direction.
    private var typeColumn: Int?

    init(head: [TableRow], lineWord: String) throws {
        guard let layout = TableLayout.find(in: head) else {
            throw PaymentFileError(line: head.first?.line, lineWord == "row" ? .readNoHeaderRows : .readNoHeaderLines, TableLayout.headerSearchRows)
        }
        self.layout = layout
        unsettled = [ColumnRole.amount, .openAmount, .credit, .debit].filter { layout.columns[$0] != nil }
        let header = head[layout.headerPosition].cells
        if let column = layout.columns[.direction], column < header.count, HeaderVocabulary.normalise(header[column]) == "type" {
            typeColumn = column
        }
        for row in head[(layout.headerPosition + 1)...] { observe(row) }
    }

    var isSettled: Bool { unsettled.isEmpty && typeColumn == nil }

    mutating func observe(_ row: TableRow) {
        if !unsettled.isEmpty {
            unsettled.removeAll { role in
                guard let column = layout.columns[role], column < row.cells.count,
                    let mark = ValueParsers.decimalMark(of: row.cells[column])
                else { return false }
                marks[role] = mark
                return true
            }
        }
        if let column = typeColumn, column < row.cells.count, Direction(row.cells[column].trimmingSpaces()) != nil {
            typeColumn = nil
        }
    }

    /// The layout, without a "Type" column that never said in or out (a transaction type, not a direction).
    mutating func finish() -> TableLayout {
        if typeColumn != nil { layout.columns[.direction] = nil }
        typeColumn = nil
        return layout
    }
}
