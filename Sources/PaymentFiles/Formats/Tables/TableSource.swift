/// Rows of a table that can be read again from the start: the interpreter looks ahead once (to find
/// the header and settle what its columns hold) before it reads the rows for good, so that no file is
/// held in memory whole.
protocol TableSource {
    /// Hands each row, from the first, to `body` until it returns false.
    func forEachRow(_ body: (TableRow) throws -> Bool) throws
}

/// Delimited text, read from its input each time.
struct DelimitedTable: TableSource {
    let input: PaymentInput
    let encoding: TextEncoding
    let delimiter: UInt8

    func forEachRow(_ body: (TableRow) throws -> Bool) throws {
        try DelimitedRecords(delimiter: delimiter).forEach(in: TextStream(input, encoding: encoding), body)
    }
}

/// Rows already in memory.
struct TableRows: TableSource {
    let rows: [TableRow]

    func forEachRow(_ body: (TableRow) throws -> Bool) throws {
        for row in rows where try !body(row) { return }
    }
}
