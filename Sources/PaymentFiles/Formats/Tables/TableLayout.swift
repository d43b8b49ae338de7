/// How a table's header names its columns, and what kind of export it is.
struct TableLayout {
    /// One column per role (the most specific header wins); free text may span several columns.
    var columns: [ColumnRole: Int]
    var textColumns: [Int]
    /// The row of the header in the table.
    var headerPosition: Int
    /// A currency the amount's header states (`Bedrag (EUR)`), for exports without a currency column.
    var headerCurrency: String?

    /// An accounting export that states documents' payment status: it names documents (a number or
    /// Teamleader id column) or their status (a paid or open-amount column). Anything else is a bank
    /// export: its rows are movements on an account, and may name no document at all.
    var isStatusList: Bool {
        columns[.number] != nil || columns[.teamleaderID] != nil || columns[.paid] != nil || columns[.openAmount] != nil
    }

    init(header cells: [String], at position: Int) {
        var best: [ColumnRole: (rank: Int, column: Int)] = [:]
        var text: [Int] = []
        for (column, cell) in cells.enumerated() {
            guard let (role, rank) = HeaderVocabulary.role(of: cell) else { continue }
            if role == .freeText { text.append(column) }
            if [.amount, .credit, .debit].contains(role), let open = cell.firstIndex(of: "("),
                let code = Optional(cell[cell.index(after: open)...].prefix(3)), code.count == 3,
                code.allSatisfy({ $0.isASCII && $0.isUppercase }), cell[cell.index(after: open)...].dropFirst(3).first == ")"
            {
                headerCurrency = String(code)
            }
            if best[role].map({ rank < $0.rank }) ?? true { best[role] = (rank, column) }
        }
        columns = best.mapValues(\.column)
        textColumns = text
        headerPosition = position
    }

    /// How many roles the header names: the best-scoring row among the first ones is the header
    /// (a bank's preamble may name a few roles too, as Belfius's filter lines do).
    var score: Int { columns.count + max(0, textColumns.count - 1) }

    /// How far down the header is looked for.
    static let headerSearchRows = 30

    /// The header: the row within the first 30 naming the most roles, at least two of them and one a
    /// reference to a document.
    static func find(in rows: [TableRow]) -> TableLayout? {
        var found: TableLayout?
        for (position, row) in rows.prefix(headerSearchRows).enumerated() {
            let layout = TableLayout(header: row.cells, at: position)
            guard layout.columns.count >= 2, layout.columns.keys.contains(where: \.isReference) else { continue }
            if layout.score > (found?.score ?? 0) { found = layout }
        }
        return found
    }
}

/// A row of cells from CSV, XLSX or JSON, with the line (or row, or item) it starts on.
struct TableRow {
    var line: Int
    var cells: [String]

    /// No cell holds anything but spaces.
    var isBlank: Bool { cells.allSatisfy { $0.trimmingSpaces().isEmpty } }
}

/// Money in or out, as a direction column says it.
enum Direction {
    case credit, debit

    init?(_ raw: String) {
        switch HeaderVocabulary.normalise(raw) {
        case "bij", "b", "c", "cr", "crd", "crdt", "credit", "credits", "in", "incoming", "inkomend", "ontvangen", "entree":
            self = .credit
        case "af", "a", "d", "dr", "dbt", "dbit", "debit", "debet", "debits", "out", "outgoing", "uitgaand", "sortie":
            self = .debit
        default:
            if raw.trimmingSpaces() == "+" { self = .credit } else if raw.trimmingSpaces() == "-" { self = .debit } else { return nil }
        }
    }
}
