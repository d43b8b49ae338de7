import Foundation
import Wording

/// Turns one row of a table into a fact, nil for a row that is no payment (money going out, a refused
/// or returned transaction, a balance or total row), or a `RowProblem`.
struct TableRowReader {
    struct RowProblem: Error {
        var reading: ReadingMessage

        init(_ phrase: Phrase, _ arguments: any CustomStringConvertible...) { reading = ReadingMessage(phrase, arguments: arguments) }
    }

    let layout: TableLayout
    let marks: [ColumnRole: ValueParsers.DecimalMark]
    let numericDates: Bool
    /// The layout's columns by `ColumnRole.ordinal` (-1: none), and its kind: read for every row, so
    /// looked up once.
    private let positions: [Int]
    let isStatusList: Bool

    init(layout: TableLayout, marks: [ColumnRole: ValueParsers.DecimalMark], numericDates: Bool) {
        self.layout = layout
        self.marks = marks
        self.numericDates = numericDates
        var positions = Array(repeating: -1, count: ColumnRole.allCases.count)
        for (role, column) in layout.columns { positions[role.ordinal] = column }
        self.positions = positions
        isStatusList = layout.isStatusList
    }

    /// The column of a role, if the layout has one.
    func column(_ role: ColumnRole) -> Int? {
        let position = positions[role.ordinal]
        return position < 0 ? nil : position
    }

    /// Words that start a balance or total row (`Saldo`, `Balance at start of period`, `Totaal`).
    static let summaryWords = [
        "saldo", "balance", "solde", "total", "totaal", "totaux", "som", "sum", "beginsaldo", "eindsaldo", "ancien solde", "nouveau solde",
        "oud saldo", "nieuw saldo",
    ]

    func fact(_ row: TableRow) throws -> PaymentFact? {
        func cell(_ role: ColumnRole) -> String? {
            guard let index = column(role), index < row.cells.count else { return nil }
            let value = row.cells[index].trimmingSpaces()
            return value.isEmpty ? nil : value
        }
        func amount(_ role: ColumnRole) throws -> Decimal? {
            guard let raw = cell(role) else { return nil }
            guard let value = ValueParsers.amount(raw, hint: marks[role]) else {
                throw RowProblem(role == .openAmount ? .rowOpenAmountNotNumber : .rowAmountNotNumber, raw)
            }
            return value
        }
        let text = layout.textColumns.compactMap { $0 < row.cells.count ? row.cells[$0].trimmingSpaces() : nil }.filter { !$0.isEmpty }
            .joined(separator: " ")
        let named = cell(.number) != nil || cell(.teamleaderID) != nil || cell(.structured) != nil
        if !named, isSummary(row, dateCell: cell(.date)) { return nil }
        var fact = PaymentFact(kind: isStatusList ? .statusRow : .bankCredit, line: row.line)
        if let raw = cell(.date) {
            let day = numericDates ? (ValueParsers.excelSerial(raw) ?? ValueParsers.date(raw)) : ValueParsers.date(raw)
            guard let day else { throw RowProblem(.rowDateNotDate, raw) }
            fact.date = day
        }
        if let raw = cell(.currency) {
            let code = raw.uppercased()
            guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw RowProblem(.rowCurrency, raw)
            }
            fact.currency = code
        } else {
            fact.currency = layout.headerCurrency
        }
        fact.counterparty = cell(.counterparty)
        if isStatusList {
            return try statusRow(fact, cell: cell, amount: amount, text: text)
        }
        return try bankRow(fact, cell: cell, amount: amount, text: text)
    }

    /// A row that names no document, has no date and says balance or total: a summary, not a line of
    /// its own.
    private func isSummary(_ row: TableRow, dateCell: String?) -> Bool {
        guard dateCell.map({ ValueParsers.date($0) == nil }) ?? true else { return false }
        return row.cells.contains { cell in
            let word = HeaderVocabulary.normalise(cell)
            return Self.summaryWords.contains { word == $0 || word.hasPrefix($0 + " ") }
        }
    }
}
