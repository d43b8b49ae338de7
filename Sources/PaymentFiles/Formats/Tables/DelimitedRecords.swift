import Wording

/// Splits delimited text into rows of cells as its UTF-8 bytes stream in: quoted fields (with doubled
/// quotes and line breaks inside), CRLF, LF or bare CR line ends. Each row keeps the line it starts on;
/// blank lines give no row. Unquoted cells lose the spaces around them.
struct DelimitedRecords {
    /// Bounds on what a payment export holds: a longer cell (often an unclosed quote) or a wider row
    /// rejects the file, naming the line, instead of growing without end.
    static let maximumCellLength = 64 << 10
    static let maximumCells = 1_000

    let delimiter: UInt8

    /// Hands each row to `body` until it returns false.
    func forEach(in stream: TextStream, _ body: (TableRow) throws -> Bool) throws {
        var parser = Parser(delimiter: delimiter)
        var stop = false
        while !stop, try stream.next({ stop = try !parser.feed($0, body) }) {}
        if !stop { _ = try parser.finish(body) }
    }

    /// The first rows of text already in memory (for choosing the delimiter).
    func rows(in bytes: [UInt8], limit: Int) throws -> [TableRow] {
        var parser = Parser(delimiter: delimiter)
        var rows: [TableRow] = []
        func take(_ row: TableRow) -> Bool {
            rows.append(row)
            return rows.count < limit
        }
        if try bytes.withUnsafeBufferPointer({ try parser.feed($0, take) }) { _ = try parser.finish(take) }
        return rows
    }

    /// The state between two pieces of text.
    private struct Parser {
        let delimiter: UInt8
        var cells: [String] = []
        var cell: [UInt8] = []
        var cellLength = 0
        var inQuotes = false
        var quotedCell = false
        /// A quote inside a quoted cell: doubled, or the end of the quotes, as the next byte says.
        var quoteSeen = false
        /// A CR ended the last line: a LF right after it belongs to the same line end.
        var afterCR = false
        var line = 1
        var rowLine = 1

        init(delimiter: UInt8) {
            self.delimiter = delimiter
            cell.reserveCapacity(64)
        }

        /// False when `body` asked to stop.
        mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (TableRow) throws -> Bool) throws -> Bool {
            for byte in bytes {
                if afterCR {
                    afterCR = false
                    if byte == 0x0A {
                        // The LF of a CRLF: one line end. Inside quotes it stays in the cell.
                        if inQuotes { try append(byte) }
                        continue
                    }
                }
                if quoteSeen {
                    quoteSeen = false
                    if byte == 0x22 {
                        try append(byte)
                        continue
                    }
                    inQuotes = false
                }
                if inQuotes {
                    if byte == 0x22 {
                        quoteSeen = true
                        continue
                    }
                    if byte == 0x0A || byte == 0x0D {
                        line += 1
                        if byte == 0x0D { afterCR = true }
                        try append(byte)
                        continue
                    }
                    try append(byte)
                    continue
                }
                switch byte {
                case 0x22 where Self.isBlank(cell):
                    inQuotes = true
                    quotedCell = true
                    cell.removeAll(keepingCapacity: true)
                    cellLength = 0
                case delimiter:
                    endCell()
                    if cells.count > DelimitedRecords.maximumCells {
                        throw PaymentFileError(line: rowLine, .readTooManyFields, DelimitedRecords.maximumCells)
                    }
                case 0x0A, 0x0D:
                    if byte == 0x0D { afterCR = true }
                    guard try endRow(body) else { return false }
                    line += 1
                    rowLine = line
                default:
                    try append(byte)
                }
            }
            return true
        }

        /// The end of the text: the last row, when it has no line end.
        mutating func finish(_ body: (TableRow) throws -> Bool) throws -> Bool {
            quoteSeen = false
            inQuotes = false
            guard !cell.isEmpty || !cells.isEmpty else { return true }
            return try endRow(body)
        }

        private mutating func append(_ byte: UInt8) throws {
            if byte & 0xC0 != 0x80 { cellLength += 1 }
            if cellLength > DelimitedRecords.maximumCellLength {
                throw PaymentFileError(line: rowLine, inQuotes ? .readFieldTooLongQuote : .readFieldTooLong, DelimitedRecords.maximumCellLength >> 10)
            }
            cell.append(byte)
        }

        private mutating func endCell() {
            cells.append(quotedCell ? String(decoding: cell, as: UTF8.self) : Self.trimmed(cell))
            cell.removeAll(keepingCapacity: true)
            cellLength = 0
            quotedCell = false
        }

        private mutating func endRow(_ body: (TableRow) throws -> Bool) throws -> Bool {
            endCell()
            defer { cells.removeAll(keepingCapacity: true) }
            if cells.count == 1 && cells[0].isEmpty { return true }
            return try body(TableRow(line: rowLine, cells: cells))
        }

        /// Only spaces, tabs and no-break spaces.
        static func isBlank(_ bytes: [UInt8]) -> Bool {
            var index = 0
            while index < bytes.count {
                if bytes[index] == 0x20 || bytes[index] == 0x09 {
                    index += 1
                } else if bytes[index] == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                    index += 2
                } else {
                    return false
                }
            }
            return true
        }

        /// The text without the spaces, tabs and no-break spaces around it.
        static func trimmed(_ bytes: [UInt8]) -> String {
            var start = 0
            var end = bytes.count
            while start < end {
                if bytes[start] == 0x20 || bytes[start] == 0x09 {
                    start += 1
                } else if bytes[start] == 0xC2, start + 1 < end, bytes[start + 1] == 0xA0 {
                    start += 2
                } else {
                    break
                }
            }
            while end > start {
                if bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 {
                    end -= 1
                } else if bytes[end - 1] == 0xA0, end - 2 >= start, bytes[end - 2] == 0xC2 {
                    end -= 2
                } else {
                    break
                }
            }
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
        }
    }
}

extension Array where Element == Int {
    var mostCommon: Int? {
        Dictionary(grouping: self, by: { $0 }).max { a, b in (a.value.count, a.key) < (b.value.count, b.key) }?.key
    }
}
