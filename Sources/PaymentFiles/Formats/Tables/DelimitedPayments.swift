/// Delimited text (CSV, TSV, semicolon) from accounting and bank exports.
enum DelimitedPayments {
    static func read(_ text: String, encoding: String) throws -> PaymentFile {
        let delimiter = DelimitedText.detectDelimiter(text)
        let rows = try DelimitedText.rows(text, delimiter: delimiter).map { TableRow(line: $0.line, cells: $0.cells) }
        guard !rows.isEmpty else { throw PaymentFileError("the file is empty") }
        if ReviewPayments.looks(like: rows) { return ReviewPayments.read(rows) }
        // European exports separate with ";" and write decimal commas; "," files write decimal points.
        var interpreter = TableInterpreter()
        interpreter.defaultDecimalMark = delimiter == "," ? .point : .comma
        var file = try interpreter.interpret(rows, format: .delimited)
        let name = delimiter == "\t" ? "tab" : "'\(delimiter)'"
        file.notes.append("read as \(encoding) text separated by \(name)")
        return file
    }
}
