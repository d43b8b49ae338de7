import Foundation

/// Belgian CODA 2.x bank statements (Febelfin): 128-character records; credits come from movement
/// records 21 (with their 22/23 continuations), structured communications of type 101 and 102 carry
/// the OGM, amounts are in thousandths. Several statements may follow each other in one file.
///
/// A bank file is machine-written, so its structure is checked strictly: a record out of place rejects
/// the whole file (naming the line), rather than half-applying a damaged statement.
enum CODAPayments {
    /// Whether the bytes look like CODA: a header record `0` of (about) 128 characters first.
    static func looks(like text: String) -> Bool {
        guard let first = text.split(whereSeparator: \.isNewline).first else { return false }
        return first.count >= 100 && first.count <= 130 && first.hasPrefix("0000") && first.prefix(11).allSatisfy(\.isNumber)
    }

    private struct Movement {
        var line: Int
        var credit: Bool
        var amount: Decimal
        var valueDate: PaymentDay?
        var entryDate: PaymentDay?
        var structuredType: String?
        var structured: String?
        var text: String
        var counterparty: String?
        var isGlobalisationTotal: Bool
        var currency: String?
    }

    static func read(_ text: String) throws -> PaymentFile {
        var file = PaymentFile(format: .coda)
        var movements: [Movement] = []
        var expecting: Set<String> = ["0"]
        var currency: String?
        var statements = 0
        // "\r\n" is one Character in Swift: split on any line end.
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = offset + 1
            var record = String(rawLine)
            if record.trimmingSpaces().isEmpty { continue }
            guard record.count <= 128 else {
                throw PaymentFileError(line: line, "a CODA record is 128 characters long; this one has \(record.count)")
            }
            // Editors trim trailing spaces: pad back to the fixed width.
            record += String(repeating: " ", count: 128 - record.count)
            let chars = Array(record)
            func field(_ from: Int, _ to: Int) -> String { String(chars[(from - 1)..<to]) }
            let type = chars[0] == "2" || chars[0] == "3" ? field(1, 2) : field(1, 1)
            guard expecting.contains(type) else {
                let found = String(record.prefix(20)).trimmingSpaces()
                throw PaymentFileError(
                    line: line, "expected CODA record \(expecting.sorted().joined(separator: " or ")), found '\(found)…'")
            }
            switch type {
            case "0":
                guard field(128, 128) == "2" else {
                    throw PaymentFileError(line: line, "only CODA version 2 is read; this header says version '\(field(128, 128))'")
                }
                statements += 1
                expecting = ["1"]
            case "1":
                currency = currencyCode(structure: field(2, 2), field: field(6, 42))
                expecting = ["21", "4", "8"]
            case "21":
                let amount = Decimal(string: field(33, 47)).map { $0 / 1000 }
                guard let amount else { throw PaymentFileError(line: line, "movement amount '\(field(33, 47))' is not 15 digits") }
                let structured = field(62, 62) == "1"
                var movement = Movement(
                    line: line, credit: field(32, 32) == "0", amount: amount, valueDate: day(field(48, 53)),
                    entryDate: day(field(116, 121)), structuredType: structured ? field(63, 65) : nil,
                    structured: structured ? field(66, 77) : nil, text: structured ? "" : field(63, 115).trimmingSpaces(),
                    counterparty: nil,
                    isGlobalisationTotal: field(7, 10) == "0000" && !["0", " "].contains(field(125, 125)),
                    currency: currency)
                if structured, !["101", "102"].contains(movement.structuredType ?? "") {
                    movement.text = field(63, 115).trimmingSpaces()
                }
                movements.append(movement)
                expecting = ["21", "22", "31", "4", "8"]
            case "22":
                movements[movements.count - 1].text += " " + field(11, 63).trimmingSpaces()
                expecting = ["21", "23", "31", "4", "8"]
            case "23":
                movements[movements.count - 1].counterparty = field(48, 82).trimmingSpaces()
                movements[movements.count - 1].text += " " + field(83, 125).trimmingSpaces()
                expecting = ["21", "31", "4", "8"]
            case "31", "32", "33":
                expecting = ["21", "31", "32", "33", "4", "8"]
            case "4":
                expecting = ["21", "31", "4", "8", "9"]
            case "8":
                expecting = ["4", "9"]
            case "9":
                expecting = ["0"]
            default:
                throw PaymentFileError(line: line, "unknown CODA record type '\(type)'")
            }
        }
        guard statements > 0 else { throw PaymentFileError("no CODA header record (0) found") }
        guard expecting == ["0"] else {
            throw PaymentFileError("the last statement ends without its trailer record 9 (the file may be cut short)")
        }
        for movement in movements {
            // Debits are not payments; a globalisation total is counted through its details instead.
            guard movement.credit, !movement.isGlobalisationTotal else {
                file.ignored += 1
                continue
            }
            var fact = PaymentFact(line: movement.line, paid: true, date: movement.entryDate ?? movement.valueDate, amount: movement.amount)
            fact.currency = movement.currency
            fact.counterparty = movement.counterparty.flatMap { $0.isEmpty ? nil : $0 }
            if let structured = movement.structured {
                guard StructuredCommunication.isValid(structured) else {
                    file.problems.append(LineProblem(
                        line: movement.line,
                        message: "structured communication \(StructuredCommunication.format(structured)) fails the mod-97 check"))
                    continue
                }
                fact.structuredCommunication = structured
            } else {
                fact.structuredCommunication = StructuredCommunication.find(in: movement.text).first
                fact.numbersInText = DocumentNumber.find(in: movement.text)
            }
            file.facts.append(fact)
        }
        file.notes.append("\(statements) CODA statement\(statements == 1 ? "" : "s"), \(movements.count) movements")
        return file
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
