import Foundation

/// Splits a CODA file into statements, checking the order of its records strictly: a bank file is
/// machine-written, so a record out of place rejects the whole file (naming the line) rather than
/// half-applying a damaged statement.
enum CODARecords {
    static func statements(in text: String) throws -> [CODAStatement] {
        var statements: [CODAStatement] = []
        var expecting: Set<String> = ["0"]
        // "\r\n" is one Character in Swift: split on any line end.
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = offset + 1
            if rawLine.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard rawLine.count <= 128 else {
                throw PaymentFileError(line: line, "a CODA record is 128 characters long; this one has \(rawLine.count)")
            }
            // Editors trim trailing spaces: pad back to the fixed width.
            let record = Record(Array(rawLine) + Array(repeating: " ", count: 128 - rawLine.count))
            let type = record.chars[0] == "2" || record.chars[0] == "3" ? record[1, 2] : record[1, 1]
            guard expecting.contains(type) else {
                throw PaymentFileError(
                    line: line, "expected CODA record \(expecting.sorted().joined(separator: " or ")), found '\(record[1, 20].trimmingSpaces())…'")
            }
            switch type {
            case "0":
                guard record[128, 128] == "2" else {
                    throw PaymentFileError(line: line, "only CODA version 2 is read; this header says version '\(record[128, 128])'")
                }
                var statement = CODAStatement(headerLine: line)
                statement.duplicate = record[17, 17] == "D"
                statements.append(statement)
                expecting = ["1"]
            case "1":
                statements[statements.count - 1].currency = currencyCode(structure: record[2, 2], field: record[6, 42])
                statements[statements.count - 1].account = accountNumber(record[6, 42])
                statements[statements.count - 1].openingDate = day(record[59, 64])
                expecting = ["21", "4", "8"]
            case "21":
                let movement = try movement(record, line: line)
                statements[statements.count - 1].movements.append(movement)
                expecting = ["21", "22", "31", "4", "8"]
            case "22":
                update(&statements) { movement in
                    movement.communication += record[11, 63]
                    movement.customerReference = record[64, 98].trimmingSpaces()
                    movement.returnKind = record.chars[112]
                }
                expecting = ["21", "23", "31", "4", "8"]
            case "23":
                update(&statements) { movement in
                    movement.counterpartyName = record[48, 82].trimmingSpaces()
                    movement.communication += record[83, 125]
                }
                expecting = ["21", "31", "4", "8"]
            case "31", "32", "33":
                // Type 001 information names the counterparty (name first, 70 characters).
                if type == "31", record[40, 40] == "1", record[41, 43] == "001" {
                    let key = record[3, 6]
                    statements[statements.count - 1].informationNames[key] = record[44, 113].trimmingSpaces()
                }
                expecting = ["21", "31", "32", "33", "4", "8"]
            case "4":
                expecting = ["21", "31", "4", "8", "9"]
            case "8":
                statements[statements.count - 1].closingAccount = accountNumber(record[5, 41])
                statements[statements.count - 1].closingDate = day(record[58, 63])
                expecting = ["4", "9"]
            case "9":
                expecting = ["0"]
            default:
                throw PaymentFileError(line: line, "unknown CODA record type '\(type)'")
            }
        }
        guard !statements.isEmpty else { throw PaymentFileError("no CODA header record (0) found") }
        guard expecting == ["0"] else {
            throw PaymentFileError("the last statement ends without its trailer record 9 (the file may be cut short)")
        }
        return statements
    }

    /// A record's characters, read by the 1-based positions the Febelfin standard gives.
    private struct Record {
        let chars: [Character]
        init(_ chars: [Character]) { self.chars = chars }
        subscript(from: Int, to: Int) -> String { String(chars[(from - 1)..<to]) }
    }

    private static func update(_ statements: inout [CODAStatement], _ body: (inout CODAStatement.Movement) -> Void) {
        let last = statements.count - 1
        body(&statements[last].movements[statements[last].movements.count - 1])
    }

    private static func movement(_ record: Record, line: Int) throws -> CODAStatement.Movement {
        guard let thousandths = Int64(record[33, 47]), thousandths >= 0 else {
            throw PaymentFileError(line: line, "movement amount '\(record[33, 47])' is not 15 digits")
        }
        let structured = record[62, 62] == "1"
        return CODAStatement.Movement(
            line: line, sequence: record[3, 6], detail: record[7, 10], credit: record[32, 32] == "0",
            amount: Decimal(thousandths) / 1000, valueDate: day(record[48, 53]), entryDate: day(record[116, 121]),
            transactionCode: record[54, 61], globalisation: !["0", " "].contains(record[125, 125]),
            communicationType: structured ? record[63, 65] : nil,
            communication: structured ? record[66, 115] : record[63, 115])
    }

    /// The account number of a record 1 or 8 account field, without its currency.
    static func accountNumber(_ field: String) -> String {
        field.split(separator: " ").first.map(String.init) ?? ""
    }

    /// `DDMMYY`; `000000` means unknown.
    static func day(_ text: String) -> PaymentDay? {
        guard text.count == 6, text != "000000", let day = Int(text.prefix(2)), let month = Int(text.dropFirst(2).prefix(2)),
            let year = Int(text.suffix(2))
        else { return nil }
        return PaymentDay(year: 2000 + year, month: month, day: day)
    }

    /// The account's currency from record 1, by account structure (spec annex I).
    static func currencyCode(structure: String, field: String) -> String? {
        let chars = Array(field)
        let code: String
        switch structure {
        case "0": code = String(chars[13..<16])
        case "1", "2", "3": code = String(chars[34..<37])
        default: return nil
        }
        return code.allSatisfy({ $0.isLetter }) ? code : nil
    }
}
