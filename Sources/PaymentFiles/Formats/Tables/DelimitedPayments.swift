import Wording

/// Delimited text (CSV, TSV, semicolon) from accounting and bank exports, read as it streams.
enum DelimitedPayments {
    static func read(_ input: PaymentInput, encoding: TextEncoding, into sink: inout PaymentSink) throws -> PaymentFileFormat {
        let delimiter = try detectDelimiter(input, encoding: encoding)
        let table = DelimitedTable(input: input, encoding: encoding, delimiter: delimiter)
        var first: TableRow?
        try table.forEachRow { row in
            first = row
            return false
        }
        guard let first else { throw PaymentFileError(.readEmptyFile) }
        if ReviewPayments.looks(like: first) {
            try ReviewPayments.read(table, into: &sink)
            return .review
        }
        // European exports separate with ";" and write decimal commas; "," files write decimal points.
        var interpreter = TableInterpreter()
        interpreter.defaultDecimalMark = delimiter == UInt8(ascii: ",") ? .point : .comma
        if try !interpreter.interpret(table, format: .delimited, into: &sink).isStatusList { sink.note(TableInterpreter.bankExportNote) }
        if delimiter == 0x09 {
            sink.note(.noteDelimitedTab, encoding.name)
        } else {
            sink.note(.noteDelimited, encoding.name, "'\(Character(Unicode.Scalar(delimiter)))'")
        }
        return .delimited
    }

    /// The delimiter among `;`, `,` and tab that gives the first lines (of the first 16 KiB) the most
    /// consistent cells.
    static func detectDelimiter(_ input: PaymentInput, encoding: TextEncoding) throws -> UInt8 {
        var sample: [UInt8] = []
        let stream = TextStream(input, encoding: encoding)
        while sample.count < 16_384, try stream.next({ sample.append(contentsOf: $0.prefix(16_384 - sample.count)) }) {}
        var best: (UInt8, Int) = (UInt8(ascii: ";"), -1)
        for candidate: UInt8 in [0x3B, 0x2C, 0x09] {
            guard let rows = try? DelimitedRecords(delimiter: candidate).rows(in: sample, limit: 30) else { continue }
            let counts = rows.map(\.cells.count).filter { $0 > 1 }
            guard let common = counts.mostCommon else { continue }
            let score = counts.filter { $0 == common }.count * common
            if score > best.1 { best = (candidate, score) }
        }
        return best.0
    }
}
