import Foundation

/// Document numbers as people write them: Teamleader prints `2026 / 42`; exports say `2026/42`,
/// `2026-42` or just `42`.
package enum DocumentNumber {
    /// The normalised key of a full number: `2026 / 42`, `2026/42`, `2026-42` and `2026 - 042` all give
    /// `2026/42`. Text that is not a year and a sequence is kept, trimmed and upper-cased.
    package static func key(_ text: String) -> String {
        if let (year, sequence) = parse(text) { return "\(year)/\(sequence)" }
        return text.trimmingCharacters(in: .whitespaces).uppercased()
    }

    /// Year and sequence of a full number, or nil. Reads the bytes once: this runs for every line of a
    /// hundred-thousand-line export.
    package static func parse(_ text: String) -> (year: Int, sequence: Int)? {
        // On the contiguous bytes: a generic walk through `utf8` costs ten times as much across modules.
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    package static func parse(_ text: Substring) -> (year: Int, sequence: Int)? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes text: UnsafeBufferPointer<UInt8>) -> (year: Int, sequence: Int)? {
        var year = 0
        var yearDigits = 0
        var sequence = 0
        var sequenceDigits = 0
        var separators = 0
        var stage = 0  // 0 leading spaces, 1 year, 2 separator, 3 sequence, 4 trailing spaces
        for byte in text {
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
    /// Document numbers written in free text, as Teamleader prints them: a fiscal year and a sequence
    /// (`2026 / 42`, `2026/42`, `2026-42`), normalised (`2026/42`), in order of appearance.
    ///
    /// Free text is written by payers who never heard of Teamleader, so anything that says otherwise
    /// is not a candidate: a sequence that continues (`2022-12-13548`, `2026/42/1`), a zero-padded
    /// month-like group (`2023-01-00225`, `2010/08`), or a number inside a longer token (`F2026-42`,
    /// `12026/1`, `2026-42B`).
    package static func find(in text: some StringProtocol) -> [String] {
        let bytes = Array(text.utf8)
        var found: [String] = []
        var index = 0
        while index < bytes.count {
            guard let (key, end) = candidate(in: bytes, at: index) else {
                index += 1
                continue
            }
            if let key, !found.contains(key) { found.append(key) }
            index = end
        }
        return found
    }

    /// A candidate starting at `start`: the key (nil when the text there is a number but not one of
    /// ours) and where scanning goes on; nil when no run of digits starts there.
    private static func candidate(in bytes: [UInt8], at start: Int) -> (key: String?, end: Int)? {
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        // Letters, digits and anything beyond ASCII (accented letters) make a longer token.
        func isWordByte(_ i: Int) -> Bool {
            guard i >= 0, i < bytes.count else { return false }
            let b = bytes[i]
            return isDigit(i) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b >= 0x80
        }
        func isJoiner(_ i: Int) -> Bool { i >= 0 && i < bytes.count && [0x2D, 0x2F, 0x2E, 0x5F, 0x2C].contains(bytes[i]) }
        guard isDigit(start), !isDigit(start - 1) else { return nil }
        var cursor = start
        while isDigit(cursor) { cursor += 1 }
        let runEnd = cursor
        // Four digits, a whole token on their left: not after a letter, nor after "12-" or "01.".
        guard runEnd - start == 4, !isWordByte(start - 1), !(isJoiner(start - 1) && isWordByte(start - 2)) else {
            return (nil, runEnd)
        }
        let year = bytes[start..<runEnd].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard (2000...2099).contains(year) else { return (nil, runEnd) }
        while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == 0x2F || bytes[cursor] == 0x2D else { return (nil, runEnd) }
        cursor += 1
        while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
        let sequenceStart = cursor
        while isDigit(cursor) { cursor += 1 }
        let digits = cursor - sequenceStart
        guard digits > 0 else { return (nil, runEnd) }
        // The token must end here: no letter or digit glued on, no further group (`-13548`, `/1`, `.5`).
        if isWordByte(cursor) || (isJoiner(cursor) && isDigit(cursor + 1)) { return (nil, cursor) }
        guard digits <= 9 else { return (nil, cursor) }
        let sequence = bytes[sequenceStart..<cursor].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        // `2026/07` is July sooner than invoice 7: Teamleader never pads its sequences to two digits.
        let monthLike = digits == 2 && bytes[sequenceStart] == 0x30
        guard sequence > 0, !monthLike else { return (nil, cursor) }
        return ("\(year)/\(sequence)", cursor)
    }
}
