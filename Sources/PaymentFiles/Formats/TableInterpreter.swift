import Foundation

/// Reads a table (rows of cells from CSV, XLSX or JSON) whose header names its columns in English,
/// Dutch or French: finds the header (lines before it are skipped), then turns each row into a
/// payment fact, or a problem naming the line and what was expected.
struct TableInterpreter {
    struct Row {
        var line: Int
        var cells: [String]
    }

    /// When true, numeric cells in date columns are Excel serial days.
    var numericDates = false
    /// The decimal mark to assume when a column's values do not settle it.
    var defaultDecimalMark: ValueParsers.DecimalMark = .comma
    /// How lines are named in problems (`line`, `row`, `item`).
    var lineWord = "line"

    /// The header: the first row within the first 30 that names at least two columns, one of them a
    /// reference to a document.
    static func findHeader(_ rows: [Row]) -> (position: Int, columns: [ColumnRole: Int])? {
        for (position, row) in rows.prefix(30).enumerated() {
            let columns = HeaderVocabulary.columns(of: row.cells)
            if columns.count >= 2, columns.keys.contains(where: \.isReference) { return (position, columns) }
        }
        return nil
    }

    func interpret(_ rows: [Row], format: PaymentFileFormat) throws -> PaymentFile {
        guard let (headerPosition, columns) = Self.findHeader(rows) else {
            throw PaymentFileError(
                line: rows.first?.line,
                "no header row found in the first 30 \(lineWord)s: expected columns such as 'invoice number' "
                    + "(factuurnummer, numéro de facture) or 'structured communication' (gestructureerde mededeling, "
                    + "communication structurée), with 'paid' (betaald, payé), 'date' or 'amount' (bedrag, montant)")
        }
        let body = rows[(headerPosition + 1)...]
        func column(_ role: ColumnRole) -> [String] { body.compactMap { row in columns[role].flatMap { $0 < row.cells.count ? row.cells[$0] : nil } } }
        let amountMark = ValueParsers.decimalMark(of: column(.amount)) ?? defaultDecimalMark
        let openMark = ValueParsers.decimalMark(of: column(.openAmount)) ?? defaultDecimalMark
        var file = PaymentFile(format: format)
        for row in body {
            func cell(_ role: ColumnRole) -> String? {
                guard let index = columns[role], index < row.cells.count else { return nil }
                let value = row.cells[index].trimmingSpaces()
                return value.isEmpty ? nil : value
            }
            if row.cells.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            do {
                if let fact = try fact(row.line, cell: cell, amountMark: amountMark, openMark: openMark) {
                    file.facts.append(fact)
                } else {
                    file.ignored += 1
                }
            } catch let problem as RowProblem {
                file.problems.append(LineProblem(line: row.line, message: problem.message))
            }
        }
        return file
    }

    private struct RowProblem: Error {
        var message: String
    }

    /// A fact, nil for a row that says nothing to do (a debit), or a `RowProblem`.
    private func fact(
        _ line: Int, cell: (ColumnRole) -> String?, amountMark: ValueParsers.DecimalMark, openMark: ValueParsers.DecimalMark
    ) throws -> PaymentFact? {
        var fact = PaymentFact(line: line)
        if let id = cell(.teamleaderID) {
            guard id.count == 36, id.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw RowProblem(message: "Teamleader id '\(id)' is not an id like 2aa4a6a9-9ce8-4851-a9b3-26aea2ea14c4")
            }
            fact.teamleaderID = id.lowercased()
        }
        if let text = cell(.structured) {
            if let digits = StructuredCommunication.digits(text) {
                guard StructuredCommunication.isValid(digits) else {
                    throw RowProblem(message: "structured communication '\(text)' fails the mod-97 check")
                }
                fact.structuredCommunication = digits
            } else {
                // A "communication" column holding free text.
                fact.structuredCommunication = StructuredCommunication.find(in: text).first
                fact.numbersInText = DocumentNumber.find(in: text)
            }
        }
        if let number = cell(.number) { fact.documentNumber = number }
        if let text = cell(.freeText) {
            if fact.structuredCommunication == nil { fact.structuredCommunication = StructuredCommunication.find(in: text).first }
            fact.numbersInText += DocumentNumber.find(in: text).filter { !fact.numbersInText.contains($0) }
        }
        if let raw = cell(.amount) {
            guard let amount = ValueParsers.amount(raw, hint: amountMark) else {
                throw RowProblem(message: "amount '\(raw)' is not a number like 1.234,56 or 1234.56")
            }
            fact.amount = amount
        }
        if let raw = cell(.date) {
            let day = numericDates ? (ValueParsers.excelSerial(raw) ?? ValueParsers.date(raw)) : ValueParsers.date(raw)
            guard let day else { throw RowProblem(message: "date '\(raw)' is not a date like 28/11/2026 or 2026-11-28") }
            fact.date = day
        }
        if let raw = cell(.currency) {
            let code = raw.uppercased()
            guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw RowProblem(message: "currency '\(raw)' is not a code like EUR")
            }
            fact.currency = code
        }
        fact.counterparty = cell(.counterparty)

        // Paid: said outright, or an open amount of zero, or (bank exports) money coming in.
        if let raw = cell(.paid) {
            guard let paid = ValueParsers.yesNo(raw) else {
                throw RowProblem(message: "paid says '\(raw)'; expected yes or no (ja/nee, oui/non)")
            }
            fact.paid = paid
        } else if let raw = cell(.openAmount) {
            guard let open = ValueParsers.amount(raw, hint: openMark) else {
                throw RowProblem(message: "open amount '\(raw)' is not a number")
            }
            fact.paid = open == 0
        } else if let amount = fact.amount, amount < 0 {
            return nil  // money going out: not a payment of an invoice
        }
        if let amount = fact.amount, amount <= 0, fact.paid {
            guard amount == 0 else { throw RowProblem(message: "amount '\(amount)' is negative for a payment") }
            fact.amount = nil
        }
        guard fact.hasReference || fact.structuredCommunication != nil else {
            throw RowProblem(message: "no invoice number, structured communication or Teamleader id")
        }
        return fact
    }
}
