import DropValues
import Foundation
import Wording

/// Reads a CODA file's records as they stream, checking their order: every order the Febelfin standard
/// allows (a movement 21 followed by its 22 and 23, either of which may be left out; an information 31
/// by its 32 and 33 the same way; free communications 4 anywhere after the old balance; 8 then 9), and a
/// continuation only of the movement it names. A bank file is machine-written, so a record out of place
/// rejects the whole file (naming the line) rather than half-applying a damaged statement.
///
/// Two looks: `statements` reads the statements' own records (0, 1, 8) ahead, because a movement's
/// date is judged against its statement's closing date, which comes after it; `movements` then hands
/// over one movement group at a time.
enum CODARecords {
    /// The statements' header and trailer facts, in order, with their balances and main movements for
    /// `StatementCheck` (movements are read for payments by `movements`).
    static func statements(in lines: TextLines) throws -> [CODAStatement] {
        var statements: [CODAStatement] = []
        try lines.forEach { line, bytes in
            guard let first = bytes.first, first == 0x30 || first == 0x31 || first == 0x32 || first == 0x38 else { return true }
            let record = Record(bytes)
            guard record.count <= 128 else { return true }
            switch first {
            case 0x30:
                var statement = CODAStatement(headerLine: line)
                statement.duplicate = record[17, 17] == "D"
                statement.check.firstLine = line
                statements.append(statement)
            case 0x31 where !statements.isEmpty:
                statements[statements.count - 1].currency = currencyCode(structure: record[2, 2], field: record[6, 42])
                statements[statements.count - 1].account = accountNumber(record[6, 42])
                statements[statements.count - 1].openingDate = day(record[59, 64])
                statements[statements.count - 1].check.account = accountNumber(record[6, 42])
                statements[statements.count - 1].check.number = record[3, 5]
                statements[statements.count - 1].check.opening = balance(sign: record[43, 43], digits: record[44, 58])
            case 0x32 where !statements.isEmpty && record[2, 2] == "1" && record[7, 10] == "0000":
                // A main movement (a globalisation's details are its breakdown, not more money).
                guard let amount = balance(sign: record[32, 32], digits: record[33, 47]) else { return true }
                let fingerprint = StatementCheck.Movement.fingerprint(record[11, 128])
                statements[statements.count - 1].check.movements.append(.init(line: line, amount: amount, fingerprint: fingerprint))
            case 0x38 where !statements.isEmpty:
                statements[statements.count - 1].closingAccount = accountNumber(record[5, 41])
                statements[statements.count - 1].closingDate = day(record[58, 63])
                statements[statements.count - 1].check.closing = balance(sign: record[42, 42], digits: record[43, 57])
            default: break
            }
            return true
        }
        return statements
    }

    /// A balance or amount: sign `0` credit, `1` debit, then digits with three decimals.
    static func balance(sign: String, digits: String) -> Decimal? {
        guard sign == "0" || sign == "1", let thousandths = UInt64(digits) else { return nil }
        return DecimalText.make(negative: sign == "1", mantissa: thousandths, exponent: -3)
    }

    /// Walks every record in order, handing over each movement group with the index of its statement.
    /// - Returns: the movement records read.
    @discardableResult
    static func movements(in lines: TextLines, _ body: (Int, CODAMovementGroup) throws -> Void) throws -> Int {
        var expecting: Kinds = [.header]
        var statement = -1
        var group: CODAMovementGroup?
        var movements = 0
        func close() throws {
            if let open = group { try body(statement, open) }
            group = nil
        }
        try lines.forEach { line, bytes in
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
            let record = Record(bytes)
            guard record.count <= 128 else {
                throw PaymentFileError(line: line, .readCODALength, record.count)
            }
            let kind = Kinds(type: record[1, 1], subtype: record[2, 2])
            guard let kind, expecting.contains(kind) else {
                throw PaymentFileError(line: line, .readCODAExpected, expecting.names, record[1, 20].trimmingSpaces())
            }
            switch kind {
            case .header:
                guard record[128, 128] == "2" else {
                    throw PaymentFileError(line: line, .readCODAVersion, record[128, 128])
                }
                statement += 1
                expecting = [.oldBalance]
            case .oldBalance:
                expecting = [.movement, .free, .newBalance]
            case .movement:
                let movement = try movement(record, line: line)
                movements += 1
                if movement.isMain {
                    try close()
                    group = CODAMovementGroup(main: movement)
                } else if group?.main.sequence == movement.sequence {
                    group?.details.append(movement)
                }
                // 22 and 23 are each optional: 21 → 23 when the movement has no article 2 data.
                expecting = [.movement, .movementPart2, .movementPart3, .information, .free, .newBalance]
            case .movementPart2:
                try continuing(group, record, line: line)
                update(&group) { movement in
                    movement.communication += record[11, 63]
                    movement.customerReference = record[64, 98].trimmingSpaces()
                    movement.returnKind = record.character(113)
                }
                expecting = [.movement, .movementPart3, .information, .free, .newBalance]
            case .movementPart3:
                try continuing(group, record, line: line)
                update(&group) { movement in
                    movement.counterpartyName = record[48, 82].trimmingSpaces()
                    movement.communication += record[83, 125]
                }
                expecting = [.movement, .information, .free, .newBalance]
            case .information, .informationPart2, .informationPart3:
                // Type 001 information names the counterparty (name first, 70 characters).
                if kind == .information, record[40, 40] == "1", record[41, 43] == "001" {
                    group?.informationNames[record[3, 6]] = record[44, 113].trimmingSpaces()
                }
                switch kind {
                case .information: expecting = [.movement, .information, .informationPart2, .informationPart3, .free, .newBalance]
                case .informationPart2: expecting = [.movement, .information, .informationPart3, .free, .newBalance]
                default: expecting = [.movement, .information, .free, .newBalance]
                }
            case .free:
                expecting = [.movement, .information, .free, .newBalance, .trailer]
            case .newBalance:
                try close()
                expecting = [.free, .trailer]
            case .trailer:
                try close()
                expecting = [.header]
            default:
                break
            }
            return true
        }
        guard statement >= 0 else { throw PaymentFileError(.readCODANoHeader) }
        guard expecting == [.header] else {
            throw PaymentFileError(.readCODANoTrailer)
        }
        return movements
    }

    /// The record kinds a position allows.
    struct Kinds: OptionSet {
        let rawValue: UInt16
        static let header = Kinds(rawValue: 1 << 0)
        static let oldBalance = Kinds(rawValue: 1 << 1)
        static let movement = Kinds(rawValue: 1 << 2)
        static let movementPart2 = Kinds(rawValue: 1 << 3)
        static let movementPart3 = Kinds(rawValue: 1 << 4)
        static let information = Kinds(rawValue: 1 << 5)
        static let informationPart2 = Kinds(rawValue: 1 << 6)
        static let informationPart3 = Kinds(rawValue: 1 << 7)
        static let free = Kinds(rawValue: 1 << 8)
        static let newBalance = Kinds(rawValue: 1 << 9)
        static let trailer = Kinds(rawValue: 1 << 10)

        init(rawValue: UInt16) { self.rawValue = rawValue }

        /// A record's kind from its type (position 1) and, for 2 and 3, its article (position 2).
        init?(type: String, subtype: String) {
            switch (type, subtype) {
            case ("0", _): self = .header
            case ("1", _): self = .oldBalance
            case ("2", "1"): self = .movement
            case ("2", "2"): self = .movementPart2
            case ("2", "3"): self = .movementPart3
            case ("3", "1"): self = .information
            case ("3", "2"): self = .informationPart2
            case ("3", "3"): self = .informationPart3
            case ("4", _): self = .free
            case ("8", _): self = .newBalance
            case ("9", _): self = .trailer
            default: return nil
            }
        }

        /// `21 or 22 or 8`, as the standard names the records.
        var names: String {
            let all: [(Kinds, String)] = [
                (.header, "0"), (.oldBalance, "1"), (.movement, "21"), (.movementPart2, "22"), (.movementPart3, "23"), (.information, "31"),
                (.informationPart2, "32"), (.informationPart3, "33"), (.free, "4"), (.newBalance, "8"), (.trailer, "9"),
            ]
            return all.filter { contains($0.0) }.map(\.1).sorted().joined(separator: " or ")
        }
    }

    /// A record's characters, read by the 1-based positions the Febelfin standard gives; editors trim
    /// trailing spaces, so positions past the end read as spaces.
    struct Record {
        /// ASCII records (nearly all) are read as bytes; others by character.
        private let bytes: [UInt8]?
        private let characters: [Character]
        let count: Int

        init(_ raw: UnsafeBufferPointer<UInt8>) {
            if raw.allSatisfy({ $0 < 0x80 }) {
                bytes = Array(raw)
                characters = []
                count = raw.count
            } else {
                bytes = nil
                characters = Array(String(decoding: raw, as: UTF8.self))
                count = characters.count
            }
        }

        subscript(from: Int, to: Int) -> String {
            if let bytes {
                let end = min(to, bytes.count)
                let text = from - 1 < end ? String(decoding: bytes[(from - 1)..<end], as: UTF8.self) : ""
                return end < to ? text + String(repeating: " ", count: to - max(end, from - 1)) : text
            }
            let end = min(to, characters.count)
            let text = from - 1 < end ? String(characters[(from - 1)..<end]) : ""
            return end < to ? text + String(repeating: " ", count: to - max(end, from - 1)) : text
        }

        func character(_ position: Int) -> Character {
            if let bytes { return position <= bytes.count ? Character(Unicode.Scalar(bytes[position - 1])) : " " }
            return position <= characters.count ? characters[position - 1] : " "
        }
    }

    /// A 22 or 23 continues the movement just read (its sequence and detail numbers say which).
    private static func continuing(_ group: CODAMovementGroup?, _ record: Record, line: Int) throws {
        guard let group else { return }
        let open = group.details.last ?? group.main
        guard record[3, 6] == open.sequence, record[7, 10] == open.detail else {
            throw PaymentFileError(
                line: line, .readCODAContinuation, record[1, 2], record[3, 6] + "/" + record[7, 10], open.sequence + "/" + open.detail)
        }
    }

    private static func update(_ group: inout CODAMovementGroup?, _ body: (inout CODAStatement.Movement) -> Void) {
        guard group != nil else { return }
        if group!.details.isEmpty {
            body(&group!.main)
        } else {
            body(&group!.details[group!.details.count - 1])
        }
    }

    private static func movement(_ record: Record, line: Int) throws -> CODAStatement.Movement {
        guard let thousandths = Int64(record[33, 47]), thousandths >= 0 else {
            throw PaymentFileError(line: line, .readCODAAmount, record[33, 47])
        }
        let structured = record[62, 62] == "1"
        return CODAStatement.Movement(
            line: line, sequence: record[3, 6], detail: record[7, 10], credit: record[32, 32] == "0",
            amount: DecimalText.make(negative: false, mantissa: UInt64(thousandths), exponent: -3), valueDate: day(record[48, 53]),
            entryDate: day(record[116, 121]), transactionCode: record[54, 61], globalisation: !["0", " "].contains(record[125, 125]),
            communicationType: structured ? record[63, 65] : nil,
            communication: structured ? record[66, 115] : record[63, 115])
    }

    /// The account number of a record 1 or 8 account field, without its currency.
    static func accountNumber(_ field: String) -> String {
        field.split(separator: " ").first.map(String.init) ?? ""
    }

    /// `DDMMYY`; `000000` means unknown.
    static func day(_ text: String) -> CalendarDate? {
        guard text.count == 6, text != "000000", let day = Int(text.prefix(2)), let month = Int(text.dropFirst(2).prefix(2)),
            let year = Int(text.suffix(2))
        else { return nil }
        return CalendarDate.stated(year: 2000 + year, month: month, day: day)
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
