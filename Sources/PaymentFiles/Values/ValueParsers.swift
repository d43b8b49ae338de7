import DropValues
import Foundation

/// Reads the values payment files hold: amounts in every European spelling, dates in the usual orders,
/// yes/no in English, Dutch and French.
enum ValueParsers {
    enum DecimalMark {
        case comma, point
    }

    /// `1.234,56`, `1234,56`, `-1 234,56`, `1234.56`, `€ 12,50`, `(12.50)`, `12,50-`. When a single
    /// separator is followed by exactly three digits, `hint` decides whether it is a decimal mark.
    /// `579,68 USD` → `579,68`: a three-letter code at the start or the end, with or without a space.
    static func withoutCurrencyCode(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        func isCode(_ part: Substring) -> Bool { part.count == 3 && part.allSatisfy { $0.isASCII && $0.isLetter } }
        if text.count > 3, isCode(text.suffix(3)), !(text.dropLast(3).last?.isLetter ?? false) {
            text = String(text.dropLast(3)).trimmingCharacters(in: .whitespaces)
        }
        if text.count > 3, isCode(text.prefix(3)), !(text.dropFirst(3).first?.isLetter ?? false) {
            text = String(text.dropFirst(3)).trimmingCharacters(in: .whitespaces)
        }
        return text
    }

    static func amount(_ raw: String, hint: DecimalMark? = nil) -> Decimal? {
        if let fast = plainAmount(raw, hint: hint) { return fast }
        var text = raw.trimmingCharacters(in: .whitespaces)
        var negative = false
        if text.hasPrefix("(") && text.hasSuffix(")") {
            negative = true
            text = String(text.dropFirst().dropLast())
        }
        // A currency written with the amount (`579,68 USD`, `EUR 12,00`): an ISO code at either end.
        text = Self.withoutCurrencyCode(text)
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

    /// The common spelling on bytes: ASCII digits, `,` `.` `-` `+` and spaces only. Nil means "not this
    /// spelling" (the general reader above decides); `.some(nil)` means not an amount at all.
    private static func plainAmount(_ raw: String, hint: DecimalMark?) -> Decimal?? {
        var mantissa: UInt64 = 0
        var digits = 0
        var negative = false
        var commas = 0
        var points = 0
        var lastSeparator: UInt8 = 0
        var digitsAfterLast = 0
        var digitsAfterComma = 0
        var digitsAfterPoint = 0
        for byte in raw.utf8 {
            switch byte {
            case 0x30...0x39:
                guard digits < 18 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(byte - 0x30)
                digits += 1
                digitsAfterLast += 1
                digitsAfterComma += 1
                digitsAfterPoint += 1
            case 0x2C:
                commas += 1
                lastSeparator = byte
                digitsAfterLast = 0
                digitsAfterComma = 0
            case 0x2E:
                points += 1
                lastSeparator = byte
                digitsAfterLast = 0
                digitsAfterPoint = 0
            case 0x2D: negative.toggle()
            case 0x2B, 0x20: continue
            default: return nil
            }
        }
        guard digits > 0 else { return .some(nil) }
        // Which separator, if any, is the decimal mark (the same rules as the general reader).
        var mark: UInt8 = 0
        if commas > 0 && points > 0 {
            mark = lastSeparator
        } else if commas + points == 1 {
            if digitsAfterLast == 3, let hint {
                mark = (hint == .comma) == (lastSeparator == 0x2C) ? lastSeparator : 0
            } else {
                mark = lastSeparator
            }
        }
        var decimals = 0
        if mark != 0 {
            guard (mark == 0x2C ? commas : points) == 1 else { return .some(nil) }
            decimals = mark == 0x2C ? digitsAfterComma : digitsAfterPoint
        }
        return .some(DecimalText.make(negative: negative, mantissa: mantissa, exponent: -decimals))
    }

    /// The decimal mark a column uses, judged from its values: two decimals after a comma or a point
    /// settle it.
    static func decimalMark(of values: [String]) -> DecimalMark? {
        for value in values { if let mark = decimalMark(of: value) { return mark } }
        return nil
    }

    /// What one value says about its column's decimal mark, if anything.
    static func decimalMark(of value: String) -> DecimalMark? {
        var last: UInt8 = 0
        var after = 0
        var digitsEnded = false
        for byte in value.utf8 {
            if byte == 0x2C || byte == 0x2E {
                last = byte
                after = 0
                digitsEnded = false
            } else if last != 0, !digitsEnded {
                if byte >= 0x30 && byte <= 0x39 { after += 1 } else { digitsEnded = true }
            }
        }
        guard last != 0, after == 1 || after == 2 else { return nil }
        return last == 0x2C ? .comma : .point
    }

    /// `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `dd/mm/yy`, `dd-mm-yy`, `yyyy-mm-dd`, `yyyy/mm/dd`,
    /// `yyyymmdd`, with any time or zone after it ignored (the day is the one written).
    static func date(_ raw: String) -> CalendarDate? {
        if let fast = asciiDate(raw) { return fast }
        var text = raw.trimmingCharacters(in: .whitespaces)
        if let cut = text.firstIndex(where: { $0 == "T" || $0 == " " }) { text = String(text[..<cut]) }
        // An xs:date with its zone (`2017-04-11+02:00`, `2017-04-11Z`): the day as written.
        if text.count > 10, let zone = text.dropFirst(10).first, "+-Z".contains(zone), text.prefix(4).allSatisfy(\.isASCIIDigit) {
            text = String(text.prefix(10))
        }
        if text.count == 8, text.allSatisfy(\.isASCIIDigit) {
            return CalendarDate.stated(year: Int(text.prefix(4))!, month: Int(text.dropFirst(4).prefix(2))!, day: Int(text.suffix(2))!)
        }
        let parts = text.split(whereSeparator: { "/-.".contains($0) }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        if parts[0].count == 4 { return CalendarDate.stated(year: numbers[0], month: numbers[1], day: numbers[2]) }
        guard parts[2].count == 4 || parts[2].count == 2, parts[0].count <= 2, parts[1].count <= 2 else { return nil }
        let year = parts[2].count == 2 ? 2000 + numbers[2] : numbers[2]
        return CalendarDate.stated(year: year, month: numbers[1], day: numbers[0])
    }

    /// The same rules on bytes, for ASCII text (nil: not ASCII, the general reader decides).
    private static func asciiDate(_ raw: String) -> CalendarDate?? {
        var raw = raw
        return raw.withUTF8 { bytes -> CalendarDate?? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var start = 0
            var end = bytes.count
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            if let cut = bytes[start..<end].firstIndex(where: { $0 == 0x54 || $0 == 0x20 }) { end = cut }
            func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
            if end - start > 10, [0x2B, 0x2D, 0x5A].contains(bytes[start + 10]), bytes[start..<(start + 4)].allSatisfy(isDigit) {
                end = start + 10
            }
            let text = bytes[start..<end]
            if text.count == 8, text.allSatisfy(isDigit) {
                let value = text.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                return .some(CalendarDate.stated(year: value / 10_000, month: value / 100 % 100, day: value % 100))
            }
            // Three groups of digits between separators (empty groups skipped, as `split` does).
            var numbers = (0, 0, 0)
            var lengths = (0, 0, 0)
            var group = 0
            var length = 0
            var value = 0
            func close() -> Bool {
                guard length > 0 else { return true }
                guard group < 3, length <= 18 else { return false }
                switch group {
                case 0:
                    numbers.0 = value
                    lengths.0 = length
                case 1:
                    numbers.1 = value
                    lengths.1 = length
                default:
                    numbers.2 = value
                    lengths.2 = length
                }
                group += 1
                length = 0
                value = 0
                return true
            }
            for byte in text {
                if byte == 0x2F || byte == 0x2D || byte == 0x2E {
                    guard close() else { return .some(nil) }
                } else if isDigit(byte) {
                    length += 1
                    if length <= 18 { value = value * 10 + Int(byte - 0x30) }
                } else {
                    return .some(nil)
                }
            }
            guard close(), group == 3 else { return .some(nil) }
            if lengths.0 == 4 { return .some(CalendarDate.stated(year: numbers.0, month: numbers.1, day: numbers.2)) }
            guard lengths.2 == 4 || lengths.2 == 2, lengths.0 <= 2, lengths.1 <= 2 else { return .some(nil) }
            return .some(CalendarDate.stated(year: lengths.2 == 2 ? 2000 + numbers.2 : numbers.2, month: numbers.1, day: numbers.0))
        }
    }

    /// An Excel serial day number (days since 1899-12-30), as XLSX stores dates.
    static func excelSerial(_ raw: String) -> CalendarDate? {
        guard let value = Double(raw.trimmingCharacters(in: .whitespaces)), (20_000...80_000).contains(value) else { return nil }
        let seconds = (value.rounded(.down) - 25_569) * 86_400
        let date = Date(timeIntervalSince1970: seconds)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDate.stated(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
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
