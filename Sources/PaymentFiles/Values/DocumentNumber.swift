import Foundation

/// Document numbers as people write them: Teamleader prints `2026 / 42`; exports say `2026/42`,
/// `2026-42` or just `42`.
public enum DocumentNumber {
    /// The normalised key of a full number: `2026 / 42`, `2026/42`, `2026-42` and `2026 - 042` all give
    /// `2026/42`. Text that is not a year and a sequence is kept, trimmed and upper-cased.
    public static func key(_ text: some StringProtocol) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let (year, sequence) = parse(trimmed) { return "\(year)/\(sequence)" }
        return trimmed.uppercased()
    }

    /// Year and sequence of a full number, or nil.
    public static func parse(_ text: some StringProtocol) -> (year: Int, sequence: Int)? {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." || $0 == "_" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), (1900...2999).contains(year),
            !parts[1].isEmpty, parts[1].count <= 9, parts[1].allSatisfy({ ("0"..."9").contains($0) }),
            let sequence = Int(parts[1])
        else { return nil }
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
