package import Foundation

/// The review file: lines tldrop held instead of registering (ambiguous, amount does not fit,
/// over-payment, unknown number), one row each, with an empty column for the accountant to fill with
/// the document number and drop the file back into `Inbox/`.
///
/// Written as UTF-8 CSV with a BOM, `;`-separated, CRLF (what Excel opens as it should); read back in
/// whatever Excel saves it as (another separator or encoding), matched to its lines by each row's
/// review id, never by its position.
package enum ReviewSheet {
    /// One held line.
    package struct Row: Sendable, Equatable {
        package var id: String
        package var file: String
        package var location: String
        package var date: String
        package var amount: String
        package var currency: String
        package var counterparty: String
        package var said: String
        package var candidates: String
        package var reason: String

        package init(
            id: String, file: String, location: String, date: String, amount: String, currency: String, counterparty: String,
            said: String, candidates: String, reason: String
        ) {
            self.id = id
            self.file = file
            self.location = location
            self.date = date
            self.amount = amount
            self.currency = currency
            self.counterparty = counterparty
            self.said = said
            self.candidates = candidates
            self.reason = reason
        }
    }

    /// The header; the first column's name is how a review file is recognised.
    package static let header = [
        "tldrop review", "file", "line", "date", "amount", "currency", "counterparty", "what the line says", "candidates",
        "why held", "document number", "amount to register",
    ]

    /// The id of the first row of a file of several: a `-` in its document number dismisses every row of
    /// the file that has no answer of its own (one edit settles a whole file).
    package static let wholeFileID = "ALL"

    /// `R17-3fa9c2d1`: the review item and a token only this index knows.
    package static func id(item: Int64, token: String) -> String { "R\(item)-\(token)" }

    /// - Parameter header: the column names in the reader's language; the first stays `tldrop review`
    ///   (how the file is recognised), and answers are read by position when the names are not English.
    /// - Parameter wholeFile: the first row, saying how to settle every row at once (`wholeFileID`).
    package static func render(_ rows: [Row], header: [String] = header, wholeFile: Row? = nil) -> Data {
        var text = "\u{FEFF}" + line(header)
        for row in (wholeFile.map { [$0] } ?? []) + rows {
            text += line([
                row.id, row.file, row.location, row.date, row.amount, row.currency, row.counterparty, row.said, row.candidates,
                row.reason, "", "",
            ])
        }
        return Data(text.utf8)
    }

    private static func line(_ cells: [String]) -> String {
        cells.map(quoted).joined(separator: ";") + "\r\n"
    }

    /// Quoted when needed; a cell Excel would take for a formula (`=`, `+`, `-`, `@`: a payer wrote
    /// it) gets a leading apostrophe, which reading back removes.
    static func quoted(_ cell: String) -> String {
        var value = cell.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if let first = value.first, "=+-@\t".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == ";" || $0 == "\"" || $0 == "," }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
