import DropValues
import Foundation

/// A `:61:` statement line: `YYMMDD[MMDD]` value and entry date, `C`, `D`, `RC` or `RD`, an optional
/// funds code, the amount with a decimal comma, the transaction type and the references.
struct MT940StatementLine {
    enum Mark { case credit, debit, reversal }

    var line: Int
    var valueDate: CalendarDate?
    var entryDate: CalendarDate?
    var mark: Mark
    /// The movement's direction on the balance: a credit, or the reversal of a debit (`RD`).
    var isIncoming = false
    var amount: Decimal
    var type: String
    var reference: String

    /// Returns (ING's `NRTI`): the money of an earlier line going back.
    var isReturn: Bool { type.hasSuffix("RTI") || type.hasSuffix("RTR") }

    /// Read on the line's bytes: every intake line passes here (twice: once to count the statement).
    init?(_ field: MT940Field) {
        let text = Array((field.lines.first ?? "").utf8)
        var cursor = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func digits(_ count: Int) -> Int? {
            guard cursor + count <= text.count else { return nil }
            var value = 0
            for byte in text[cursor..<cursor + count] {
                guard isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            cursor += count
            return value
        }
        func next(_ letters: String) -> Bool {
            let bytes = Array(letters.utf8)
            guard cursor + bytes.count <= text.count, text[cursor..<cursor + bytes.count].elementsEqual(bytes) else { return false }
            cursor += bytes.count
            return true
        }
        guard let yy = digits(2), let mm = digits(2), let dd = digits(2) else { return nil }
        line = field.line
        valueDate = CalendarDate.stated(year: 2000 + yy, month: mm, day: dd)
        if let entryMonth = digits(2), let entryDay = digits(2) {
            // The entry date has no year: the value date's, or the next or previous across new year.
            var year = 2000 + yy
            if mm == 12 && entryMonth == 1 { year += 1 } else if mm == 1 && entryMonth == 12 { year -= 1 }
            entryDate = CalendarDate.stated(year: year, month: entryMonth, day: entryDay)
        }
        if next("RC") || next("RD") {
            mark = .reversal
            isIncoming = text[cursor - 1] == 0x44
        } else if next("C") || next("EC") {
            mark = .credit
            isIncoming = true
        } else if next("D") || next("ED") {
            mark = .debit
        } else {
            return nil
        }
        // A funds code: the third letter of the currency code, before the amount.
        if cursor < text.count, (0x41...0x5A).contains(text[cursor]) || (0x61...0x7A).contains(text[cursor]) { cursor += 1 }
        var mantissa: UInt64 = 0
        var (count, decimals, commas) = (0, 0, 0)
        while cursor < text.count, isDigit(text[cursor]) || text[cursor] == 0x2C, count < 16 {
            if text[cursor] == 0x2C {
                commas += 1
            } else {
                mantissa = mantissa * 10 + UInt64(text[cursor] - 0x30)
                if commas > 0 { decimals += 1 }
            }
            count += 1
            cursor += 1
        }
        guard commas <= 1, count > commas else { return nil }
        amount = DecimalText.make(negative: false, mantissa: mantissa, exponent: -decimals)
        guard cursor + 4 <= text.count else { return nil }
        type = String(decoding: text[cursor..<cursor + 4], as: UTF8.self)
        cursor += 4
        // The account owner's reference runs to `//` (the bank's reference follows).
        var end = cursor
        while end < text.count, !(text[end] == 0x2F && end + 1 < text.count && text[end + 1] == 0x2F) { end += 1 }
        reference = String(decoding: text[cursor..<end], as: UTF8.self)
    }
}

/// A `:86:` information field, read in whichever style the bank writes it.
struct MT940Information {
    var text = ""
    var counterparty: String?
    var endToEnd: String?
    var structured: [(scheme: ForeignReference.Scheme?, value: String)] = []
    var isReturn = false
    /// A collection's total (German `SAMMLER`): its payments are not in the file, only their sum.
    var isCollectionTotal = false

    /// The Dutch SEPA style's keys (`/EREF/…/REMI/…/`).
    static let keySet = Set(keys)
    static let keys = [
        "TRTP", "EREF", "MARF", "CSID", "CNTP", "REMI", "NAME", "IBAN", "BIC", "ORDP", "BENM", "RTRN", "PREF", "ISDT", "SVCL", "PURP", "ULTC", "ULTD",
        "ULTB", "ADDR", "SUM",
    ]

    init(_ raw: String) {
        let bytes = Array(raw.utf8)
        if Self.hasGermanCodes(bytes) {
            readGerman(raw)
        } else if case let positions = Self.keyPositions(bytes), !positions.isEmpty {
            readKeyed(bytes, positions)
        } else {
            text = raw
        }
    }

    /// `?20` or `?32`: the German `?NN` subfields.
    private static func hasGermanCodes(_ bytes: [UInt8]) -> Bool {
        var mark = bytes.firstIndex(of: UInt8(ascii: "?"))
        while let at = mark, at + 2 < bytes.count {
            if (bytes[at + 1], bytes[at + 2]) == (UInt8(ascii: "2"), UInt8(ascii: "0"))
                || (bytes[at + 1], bytes[at + 2]) == (UInt8(ascii: "3"), UInt8(ascii: "2"))
            {
                return true
            }
            mark = bytes[(at + 1)...].firstIndex(of: UInt8(ascii: "?"))
        }
        return false
    }

    /// Every `/KEY/` in one pass over the bytes (a Foundation search a key cost most of a statement's
    /// reading time): the key, where its first slash is and where its value starts.
    private static func keyPositions(_ bytes: [UInt8]) -> [(key: String, start: Int, end: Int)] {
        var positions: [(key: String, start: Int, end: Int)] = []
        var slash = bytes.firstIndex(of: UInt8(ascii: "/"))
        while let start = slash {
            let next = bytes[(start + 1)...].firstIndex(of: UInt8(ascii: "/"))
            if let close = next, close - start - 1 >= 3, close - start - 1 <= 4 {
                let key = String(decoding: bytes[(start + 1)..<close], as: UTF8.self)
                if keySet.contains(key) { positions.append((key, start, close + 1)) }
            }
            slash = next
        }
        return positions
    }

    private mutating func readKeyed(_ bytes: [UInt8], _ positions: [(key: String, start: Int, end: Int)]) {
        var values: [String: String] = [:]
        for (offset, position) in positions.enumerated() {
            let end = offset + 1 < positions.count ? positions[offset + 1].start : bytes.count
            guard position.end <= end else { continue }
            if values[position.key] == nil { values[position.key] = Self.trimmed(bytes[position.end..<end]) }
        }
        isReturn = values["RTRN"] != nil
        endToEnd = values["EREF"].flatMap { $0.isEmpty || $0 == "NOTPROVIDED" ? nil : $0 }
        if let party = values["CNTP"] {
            let parts = party.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            counterparty = parts.count >= 3 && !parts[2].isEmpty ? parts[2] : nil
        }
        counterparty = counterparty ?? values["NAME"].flatMap { $0.isEmpty ? nil : $0 }
        if let remittance = values["REMI"] {
            let parts = remittance.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if parts.first == "STRD", parts.count >= 3 {
                let issuer = parts[1].uppercased()
                structured.append((issuer == "CUR" ? .dutchPaymentReference : nil, parts[2...].joined(separator: "/")))
            } else {
                text = parts.first == "USTD" ? parts.dropFirst().filter { !$0.isEmpty }.joined(separator: "/") : remittance
            }
        }
    }

    /// The value between two keys, without the slashes and spaces around it.
    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        func edge(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ") }
        var value = bytes
        while let first = value.first, edge(first) { value = value.dropFirst() }
        while let last = value.last, edge(last) { value = value.dropLast() }
        return String(decoding: value, as: UTF8.self)
    }

    private mutating func readGerman(_ raw: String) {
        var purpose = ""
        var name = ""
        // The posting text (`?00`) says what kind of booking it is: a SEPA return, a collection's total.
        // The transaction code (GVC) before the first `?` says the same for returns (159, 160).
        let code = raw.prefix { $0 != "?" }
        if ["159", "160", "161"].contains(code) { isReturn = true }
        var rest = Substring(raw)
        while let mark = rest.firstIndex(of: "?") {
            let code = rest[rest.index(after: mark)...].prefix(2)
            let start = rest.index(mark, offsetBy: 3, limitedBy: rest.endIndex) ?? rest.endIndex
            let end = rest[start...].firstIndex(of: "?") ?? rest.endIndex
            let value = String(rest[start..<end])
            if let number = Int(code) {
                if (20...29).contains(number) || (60...63).contains(number) { purpose += value }
                if number == 32 || number == 33 { name += value }
                if number == 0 {
                    let posting = value.uppercased()
                    if posting.contains("RETOURE") || posting.contains("RUECKUEBERWEISUNG") { isReturn = true }
                    if posting.contains("SAMMLER") { isCollectionTotal = true }
                }
            }
            rest = rest[end...]
            if end == rest.endIndex { break }
        }
        text = purpose
        counterparty = name.isEmpty ? nil : name
        if purpose.contains("EREF+"), let range = purpose.range(of: "EREF+") {
            endToEnd = String(purpose[range.upperBound...].prefix { $0 != " " && $0 != "+" })
        }
    }
}
