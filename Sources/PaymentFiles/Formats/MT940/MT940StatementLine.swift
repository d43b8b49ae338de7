import Foundation

/// A `:61:` statement line: `YYMMDD[MMDD]` value and entry date, `C`, `D`, `RC` or `RD`, an optional
/// funds code, the amount with a decimal comma, the transaction type and the references.
struct MT940StatementLine {
    enum Mark { case credit, debit, reversal }

    var line: Int
    var valueDate: PaymentDay?
    var entryDate: PaymentDay?
    var mark: Mark
    var amount: Decimal
    var type: String
    var reference: String

    /// Returns (ING's `NRTI`): the money of an earlier line going back.
    var isReturn: Bool { type.hasSuffix("RTI") || type.hasSuffix("RTR") }

    init?(_ field: MT940Field) {
        let text = Array(field.lines.first ?? "")
        var cursor = 0
        func digits(_ count: Int) -> Int? {
            guard cursor + count <= text.count, text[cursor..<cursor + count].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            defer { cursor += count }
            return Int(String(text[cursor..<cursor + count]))
        }
        guard let yy = digits(2), let mm = digits(2), let dd = digits(2) else { return nil }
        line = field.line
        valueDate = PaymentDay(year: 2000 + yy, month: mm, day: dd)
        if let entryMonth = digits(2), let entryDay = digits(2) {
            // The entry date has no year: the value date's, or the next or previous across new year.
            var year = 2000 + yy
            if mm == 12 && entryMonth == 1 { year += 1 } else if mm == 1 && entryMonth == 12 { year -= 1 }
            entryDate = PaymentDay(year: year, month: entryMonth, day: entryDay)
        }
        let rest = String(text[cursor...])
        if rest.hasPrefix("RC") || rest.hasPrefix("RD") {
            mark = .reversal
            cursor += 2
        } else if rest.hasPrefix("C") || rest.hasPrefix("EC") {
            mark = .credit
            cursor += rest.hasPrefix("EC") ? 2 : 1
        } else if rest.hasPrefix("D") || rest.hasPrefix("ED") {
            mark = .debit
            cursor += rest.hasPrefix("ED") ? 2 : 1
        } else {
            return nil
        }
        // A funds code: the third letter of the currency code, before the amount.
        if cursor < text.count, text[cursor].isLetter { cursor += 1 }
        var number = ""
        while cursor < text.count, text[cursor].isASCIIDigit || text[cursor] == ",", number.count < 16 {
            number.append(text[cursor] == "," ? "." : text[cursor])
            cursor += 1
        }
        guard number.filter({ $0 == "." }).count <= 1, let amount = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")) else {
            return nil
        }
        self.amount = amount
        guard cursor + 4 <= text.count else { return nil }
        type = String(text[cursor..<cursor + 4])
        cursor += 4
        reference = String(text[cursor...]).components(separatedBy: "//").first ?? ""
    }
}

/// A `:86:` information field, read in whichever style the bank writes it.
struct MT940Information {
    var text = ""
    var counterparty: String?
    var endToEnd: String?
    var structured: [(scheme: ForeignReference.Scheme?, value: String)] = []
    var isReturn = false

    /// The Dutch SEPA style's keys (`/EREF/…/REMI/…/`).
    static let keys = ["TRTP", "EREF", "MARF", "CSID", "CNTP", "REMI", "NAME", "IBAN", "BIC", "ORDP", "BENM", "RTRN", "PREF", "ISDT", "SVCL", "PURP", "ULTC", "ULTD", "ULTB", "ADDR", "SUM"]

    init(_ raw: String) {
        if raw.contains("?20") || raw.contains("?32") {
            readGerman(raw)
        } else if Self.keys.contains(where: { raw.contains("/\($0)/") }) {
            readKeyed(raw)
        } else {
            text = raw
        }
    }

    private mutating func readKeyed(_ raw: String) {
        var values: [String: String] = [:]
        var positions: [(key: String, range: Range<String.Index>)] = []
        for key in Self.keys {
            var search = raw.startIndex..<raw.endIndex
            while let found = raw.range(of: "/\(key)/", range: search) {
                positions.append((key, found))
                search = found.upperBound..<raw.endIndex
            }
        }
        positions.sort { $0.range.lowerBound < $1.range.lowerBound }
        for (offset, position) in positions.enumerated() {
            let end = offset + 1 < positions.count ? positions[offset + 1].range.lowerBound : raw.endIndex
            guard position.range.upperBound <= end else { continue }
            let value = raw[position.range.upperBound..<end].trimmingCharacters(in: CharacterSet(charactersIn: "/ "))
            if values[position.key] == nil { values[position.key] = value }
        }
        isReturn = values["RTRN"] != nil
        endToEnd = values["EREF"].flatMap { $0.isEmpty || $0 == "NOTPROVIDED" ? nil : $0 }
        if let party = values["CNTP"] {
            let parts = party.components(separatedBy: "/")
            counterparty = parts.count >= 3 && !parts[2].isEmpty ? parts[2] : nil
        }
        counterparty = counterparty ?? values["NAME"].flatMap { $0.isEmpty ? nil : $0 }
        if let remittance = values["REMI"] {
            let parts = remittance.components(separatedBy: "/")
            if parts.first == "STRD", parts.count >= 3 {
                let issuer = parts[1].uppercased()
                structured.append((issuer == "CUR" ? .dutchPaymentReference : nil, parts[2...].joined(separator: "/")))
            } else {
                text = parts.first == "USTD" ? parts.dropFirst().filter { !$0.isEmpty }.joined(separator: "/") : remittance
            }
        }
    }

    private mutating func readGerman(_ raw: String) {
        var purpose = ""
        var name = ""
        var rest = Substring(raw)
        while let mark = rest.firstIndex(of: "?") {
            let code = rest[rest.index(after: mark)...].prefix(2)
            let start = rest.index(mark, offsetBy: 3, limitedBy: rest.endIndex) ?? rest.endIndex
            let end = rest[start...].firstIndex(of: "?") ?? rest.endIndex
            let value = String(rest[start..<end])
            if let number = Int(code) {
                if (20...29).contains(number) || (60...63).contains(number) { purpose += value }
                if number == 32 || number == 33 { name += value }
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
