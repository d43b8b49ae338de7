import Foundation
import Wording

/// Reads a review file the accountant completed (`ReviewSheet`): one answer per row, for the rows
/// tldrop wrote (recognised by their review id).
enum ReviewPayments {
    /// Whether the first row is a review file's header.
    static func looks(like first: TableRow) -> Bool {
        first.cells.contains { HeaderVocabulary.normalise(unquoted($0)) == "tldrop review" }
    }

    /// Words that say "none of them": the line is dismissed.
    static let none: Set<String> = ["-", "none", "no", "nothing", "geen", "niets", "nee", "aucun", "aucune", "rien", "non", "x"]

    static func read(_ table: some TableSource, into sink: inout PaymentSink) throws {
        var names: [String]?
        // `-` on the whole-file row (`ReviewSheet.wholeFileID`): every row without an answer is dismissed.
        var dismissRest = false
        try table.forEachRow { row in
            guard let header = names else {
                names = row.cells.map { HeaderVocabulary.normalise(unquoted($0)) }
                return true
            }
            if !row.cells.allSatisfy({ unquoted($0).isEmpty }) { try answer(row, names: header, dismissRest: &dismissRest, into: &sink) }
            return true
        }
    }

    private static func answer(_ row: TableRow, names: [String], dismissRest: inout Bool, into sink: inout PaymentSink) throws {
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        func cell(_ index: Int?) -> String { index.flatMap { $0 < row.cells.count ? unquoted(row.cells[$0]) : nil } ?? "" }
        let idColumn = column("tldrop review") ?? 0
        // A sheet written in Dutch or French names its columns so; their places are ReviewSheet's.
        let written = cell(column("document number") ?? ReviewSheet.header.firstIndex(of: "document number"))
        let dismissed = none.contains(HeaderVocabulary.normalise(written)) || written == "-"
        if cell(idColumn).uppercased() == ReviewSheet.wholeFileID {
            guard written.isEmpty || dismissed else {
                return try sink.problem(LineProblem(line: row.line, ReadingMessage(.rowReviewWholeFile, written)))
            }
            dismissRest = dismissed
            return
        }
        guard let (item, token) = parseID(cell(idColumn)) else {
            return try sink.problem(LineProblem(line: row.line, ReadingMessage(.rowReviewID, cell(idColumn))))
        }
        let decision: ReviewAnswer.Decision
        if written.isEmpty {
            decision = dismissRest ? .dismiss : .undecided
        } else if dismissed {
            decision = .dismiss
        } else {
            decision = .document(written)
        }
        var amount: Decimal?
        let rawAmount = cell(column("amount to register") ?? ReviewSheet.header.firstIndex(of: "amount to register"))
        if !rawAmount.isEmpty {
            guard let value = ValueParsers.amount(rawAmount), value > 0 else {
                return try sink.problem(LineProblem(line: row.line, ReadingMessage(.rowReviewAmount, rawAmount)))
            }
            amount = value
        }
        var fact = PaymentFact(kind: .reviewAnswer(ReviewAnswer(itemID: item, token: token, decision: decision, amount: amount)), line: row.line)
        if case .document(let number) = decision { fact.documentNumber = number }
        try sink.add(fact)
    }

    /// `R17-3fa9c2d1` → (17, "3fa9c2d1").
    static func parseID(_ text: String) -> (Int64, String)? {
        let parts = text.trimmingSpaces().split(separator: "-")
        guard parts.count == 2, parts[0].first == "R", let item = Int64(parts[0].dropFirst()), item > 0,
            parts[1].count == 8, parts[1].allSatisfy(\.isHexDigit)
        else { return nil }
        return (item, parts[1].lowercased())
    }

    /// Without the apostrophe the writer put before formula-like cells.
    static func unquoted(_ cell: String) -> String {
        let trimmed = cell.trimmingSpaces()
        return trimmed.hasPrefix("'") ? String(trimmed.dropFirst()) : trimmed
    }
}
