import Foundation

/// Document numbers as people write them: Teamleader prints `2026 / 42`; exports say `2026/42`,
/// `2026-42` or just `42`.
public enum DocumentNumber {
    /// The normalised key of a full number: `2026 / 42`, `2026/42`, `2026-42` and `2026 - 042` all give
    /// `2026/42`. Text that is not a year and a sequence is kept, trimmed and upper-cased.
    public static func key(_ text: some StringProtocol) -> String {
        if let (year, sequence) = parse(text) { return "\(year)/\(sequence)" }
        return text.trimmingCharacters(in: .whitespaces).uppercased()
    }

    /// Year and sequence of a full number, or nil. Reads the bytes once: this runs for every line of a
    /// hundred-thousand-line export.
    public static func parse(_ text: some StringProtocol) -> (year: Int, sequence: Int)? {
        var year = 0
        var yearDigits = 0
        var sequence = 0
        var sequenceDigits = 0
        var separators = 0
        var stage = 0  // 0 leading spaces, 1 year, 2 separator, 3 sequence, 4 trailing spaces
        for byte in text.utf8 {
            let isDigit = byte >= 0x30 && byte <= 0x39
            let isSpace = byte == 0x20 || byte == 0x09
            let isSeparator = byte == 0x2F || byte == 0x2D || byte == 0x2E || byte == 0x5F  // / - . _
            switch stage {
            case 0 where isSpace: continue
            case 0, 1:
                if isDigit {
                    stage = 1
                    year = year * 10 + Int(byte - 0x30)
                    yearDigits += 1
                    if yearDigits > 4 { return nil }
                } else if stage == 1 && (isSpace || isSeparator) {
                    stage = 2
                    separators += isSeparator ? 1 : 0
                } else {
                    return nil
                }
            case 2:
                if isDigit {
                    stage = 3
                    sequence = Int(byte - 0x30)
                    sequenceDigits = 1
                } else if isSeparator {
                    separators += 1
                } else if !isSpace {
                    return nil
                }
            case 3:
                if isDigit {
                    sequence = sequence * 10 + Int(byte - 0x30)
                    sequenceDigits += 1
                    if sequenceDigits > 9 { return nil }
                } else if isSpace {
                    stage = 4
                } else {
                    return nil
                }
            default:
                if !isSpace { return nil }
            }
        }
        guard yearDigits == 4, separators == 1, sequenceDigits > 0, (1900...2999).contains(year) else { return nil }
        return (year, sequence)
    }
}

extension DocumentNumber {
    /// Full document numbers (a year and a sequence) written in free text: `2026/42`, `2026 / 42`,
    /// `2026-0042`, `F2026-42`. Normalised, in order of appearance.
    public static func find(in text: some StringProtocol) -> [String] {
        let characters = Array(text)
        var found: [String] = []
        var index = 0
        while index + 4 <= characters.count {
            let startsRun = index == 0 || !(characters[index - 1].isASCII && characters[index - 1].isNumber)
            guard startsRun, characters[index..<index + 4].allSatisfy({ $0.isASCII && $0.isNumber }),
                index + 4 == characters.count || !(characters[index + 4].isASCII && characters[index + 4].isNumber),
                let year = Int(String(characters[index..<index + 4])), (2000...2099).contains(year)
            else {
                index += 1
                continue
            }
            var cursor = index + 4
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            guard cursor < characters.count, "/-".contains(characters[cursor]) else {
                index += 4
                continue
            }
            cursor += 1
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            var sequence = ""
            while cursor < characters.count, characters[cursor].isASCII, characters[cursor].isNumber, sequence.count < 10 {
                sequence.append(characters[cursor])
                cursor += 1
            }
            if !sequence.isEmpty, sequence.count <= 9, let value = Int(sequence), value > 0 {
                let key = "\(year)/\(value)"
                if !found.contains(key) { found.append(key) }
            }
            index = cursor
        }
        return found
    }
}
