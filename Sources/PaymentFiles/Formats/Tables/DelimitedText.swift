/// Splits delimited text into rows of cells: quoted fields (with doubled quotes and line breaks inside),
/// CRLF, LF or bare CR line ends. Each row keeps the line it starts on.
enum DelimitedText {
    struct Row {
        var line: Int
        var cells: [String]
    }

    /// Bounds on what a payment export holds: a longer cell (often an unclosed quote) or a wider row
    /// rejects the file, naming the line, instead of growing without end.
    static let maximumCellLength = 64 << 10
    static let maximumCells = 1_000

    static func rows(_ text: String, delimiter: Character, limit: Int = .max) throws -> [Row] {
        var rows: [Row] = []
        var cells: [String] = []
        var cell = ""
        var cellLength = 0
        var inQuotes = false
        var quotedCell = false
        var line = 1
        var rowLine = 1
        var iterator = text.makeIterator()
        var pending: Character?
        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return iterator.next()
        }
        func endRow() {
            cells.append(quotedCell ? cell : cell.trimmingSpaces())
            if !(cells.count == 1 && cells[0].isEmpty) { rows.append(Row(line: rowLine, cells: cells)) }
            cells = []
            cell = ""
            cellLength = 0
            quotedCell = false
        }
        while rows.count < limit, let character = next() {
            cellLength += 1
            if cellLength > maximumCellLength {
                throw PaymentFileError(
                    line: rowLine,
                    "a field longer than \(maximumCellLength >> 10) Ki characters\(inQuotes ? " (a quote that is never closed?)" : ""); not a payment export")
            }
            if inQuotes {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            cell.append("\"")
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" || character == "\r" { line += 1 }
                    cell.append(character)
                }
                continue
            }
            switch character {
            case "\"" where cell.trimmingSpaces().isEmpty:
                inQuotes = true
                quotedCell = true
                cell = ""
            case delimiter:
                cells.append(quotedCell ? cell : cell.trimmingSpaces())
                cell = ""
                cellLength = 0
                quotedCell = false
                if cells.count > maximumCells {
                    throw PaymentFileError(line: rowLine, "more than \(maximumCells) fields on one line; not a payment export")
                }
            case "\n", "\r\n", "\r":
                endRow()
                line += 1
                rowLine = line
            default:
                cell.append(character)
            }
        }
        if rows.count < limit, !cell.isEmpty || !cells.isEmpty { endRow() }
        return rows
    }

    /// The delimiter among `;`, `,` and tab that gives the first lines the most consistent cells.
    static func detectDelimiter(_ text: String) -> Character {
        let sample = String(text.prefix(16_384))
        var best: (Character, Int) = (";", -1)
        for candidate: Character in [";", ",", "\t"] {
            guard let rows = try? DelimitedText.rows(sample, delimiter: candidate, limit: 30) else { continue }
            let counts = rows.map(\.cells.count).filter { $0 > 1 }
            guard let common = counts.mostCommon else { continue }
            let score = counts.filter { $0 == common }.count * common
            if score > best.1 { best = (candidate, score) }
        }
        return best.0
    }
}

extension Array where Element == Int {
    var mostCommon: Int? {
        Dictionary(grouping: self, by: { $0 }).max { a, b in (a.value.count, a.key) < (b.value.count, b.key) }?.key
    }
}
