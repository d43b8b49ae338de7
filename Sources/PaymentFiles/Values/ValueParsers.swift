import Foundation

/// Reads the values payment files hold: amounts in every European spelling, dates in the usual orders,
/// yes/no in English, Dutch and French.
enum ValueParsers {
    enum DecimalMark {
        case comma, point
    }

    /// `1.234,56`, `1234,56`, `-1 234,56`, `1234.56`, `€ 12,50`, `(12.50)`, `12,50-`. When a single
    /// separator is followed by exactly three digits, `hint` decides whether it is a decimal mark.
    static func amount(_ raw: String, hint: DecimalMark? = nil) -> Decimal? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        var negative = false
        if text.hasPrefix("(") && text.hasSuffix(")") {
            negative = true
            text = String(text.dropFirst().dropLast())
        }
        text = text.replacingOccurrences(of: "EUR", with: "", options: .caseInsensitive)
        var cleaned = ""
        for character in text {
            switch character {
            case "0"..."9", ",", ".": cleaned.append(character)
            case "-", "−": negative.toggle()
            case "+", "€", "$", "£", " ", "\u{A0}", "\u{202F}", "'", "’": continue
            default: return nil
            }
        }
        guard !cleaned.isEmpty, cleaned.contains(where: \.isNumber) else { return nil }
        let commas = cleaned.filter { $0 == "," }.count
        let points = cleaned.filter { $0 == "." }.count
        var decimalMark: Character?
        if commas > 0 && points > 0 {
            decimalMark = cleaned.lastIndex(of: ",")! > cleaned.lastIndex(of: ".")! ? "," : "."
        } else if commas + points == 1 {
            let mark: Character = commas == 1 ? "," : "."
            let digitsAfter = cleaned.split(separator: mark, omittingEmptySubsequences: false).last?.count ?? 0
            if digitsAfter == 3, let hint {
                decimalMark = (hint == .comma) == (mark == ",") ? mark : nil
            } else {
                decimalMark = digitsAfter == 3 && hint == nil ? (mark == "," ? "," : ".") : mark
            }
        } else if commas > 1 || points > 1 {
            decimalMark = nil  // only thousands separators
        }
        var plain = ""
        for character in cleaned {
            if character == decimalMark {
                plain.append(".")
            } else if character.isNumber {
                plain.append(character)
            } else if character == "," || character == "." {
                continue
            }
        }
        guard plain.filter({ $0 == "." }).count <= 1, let value = Decimal(string: plain, locale: Locale(identifier: "en_US_POSIX")) else {
            return nil
        }
        return negative ? -value : value
    }

    /// The decimal mark a column uses, judged from its values: two decimals after a comma or a point
    /// settle it.
    static func decimalMark(of values: [String]) -> DecimalMark? {
        for value in values {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard let last = trimmed.lastIndex(where: { $0 == "," || $0 == "." }) else { continue }
            let after = trimmed[trimmed.index(after: last)...].prefix { $0.isASCIIDigit }
            if after.count == 1 || after.count == 2 { return trimmed[last] == "," ? .comma : .point }
        }
        return nil
    }

    /// `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `dd/mm/yy`, `dd-mm-yy`, `yyyy-mm-dd`, `yyyy/mm/dd`,
    /// `yyyymmdd`, with any time or zone after it ignored (the day is the one written).
    static func date(_ raw: String) -> PaymentDay? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if let cut = text.firstIndex(where: { $0 == "T" || $0 == " " }) { text = String(text[..<cut]) }
        // An xs:date with its zone (`2017-04-11+02:00`, `2017-04-11Z`): the day as written.
        if text.count > 10, let zone = text.dropFirst(10).first, "+-Z".contains(zone), text.prefix(4).allSatisfy(\.isASCIIDigit) {
            text = String(text.prefix(10))
        }
        if text.count == 8, text.allSatisfy(\.isASCIIDigit) {
            return PaymentDay(year: Int(text.prefix(4))!, month: Int(text.dropFirst(4).prefix(2))!, day: Int(text.suffix(2))!)
        }
        let parts = text.split(whereSeparator: { "/-.".contains($0) }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        if parts[0].count == 4 { return PaymentDay(year: numbers[0], month: numbers[1], day: numbers[2]) }
        guard parts[2].count == 4 || parts[2].count == 2, parts[0].count <= 2, parts[1].count <= 2 else { return nil }
        let year = parts[2].count == 2 ? 2000 + numbers[2] : numbers[2]
        return PaymentDay(year: year, month: numbers[1], day: numbers[0])
    }

    /// An Excel serial day number (days since 1899-12-30), as XLSX stores dates.
    static func excelSerial(_ raw: String) -> PaymentDay? {
        guard let value = Double(raw.trimmingCharacters(in: .whitespaces)), (20_000...80_000).contains(value) else { return nil }
        let seconds = (value.rounded(.down) - 25_569) * 86_400
        let date = Date(timeIntervalSince1970: seconds)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return PaymentDay(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
    }

    static let yesWords: Set<String> = [
        "yes", "y", "true", "1", "x", "paid", "settled", "done", "ok", "accepted",
        "ja", "j", "betaald", "voldaan", "afgepunt", "aanvaard", "vereffend",
        "oui", "o", "paye", "payee", "regle", "reglee", "lettre", "accepte", "solde",
    ]
    static let noWords: Set<String> = [
        "no", "n", "false", "0", "open", "unpaid", "outstanding", "pending", "refused", "",
        "nee", "neen", "onbetaald", "openstaand", "geweigerd", "niet betaald",
        "non", "impaye", "non paye", "ouvert", "refuse", "en attente",
    ]

    /// Yes or no in English, Dutch or French; nil for anything else.
    static func yesNo(_ raw: String) -> Bool? {
        let word = HeaderVocabulary.normalise(raw)
        if yesWords.contains(word) { return true }
        if noWords.contains(word) { return false }
        return nil
    }
}
