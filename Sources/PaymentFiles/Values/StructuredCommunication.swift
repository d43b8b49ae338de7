/// The Belgian structured communication (OGM/VCS): 10 digits and 2 check digits, the check being the
/// first ten mod 97, where a remainder of 0 is written 97. Printed `+++ddd/dddd/ddddd+++`.
package enum StructuredCommunication {
    /// The 12 digits of a structured communication written in any usual way (`+++084/2613/66074+++`,
    /// `***…***`, `084261366074`, with spaces or dots), or nil when the text is not 12 digits.
    package static func digits(_ text: some StringProtocol) -> String? {
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !"+*/ .-\u{A0}".contains(character) {
                return nil
            }
        }
        return digits.count == 12 ? digits : nil
    }

    /// Whether 12 digits pass the mod-97 check.
    package static func isValid(_ digits: String) -> Bool {
        guard digits.count == 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let base = Int(digits.prefix(10)), let check = Int(digits.suffix(2))
        else { return false }
        let remainder = base % 97
        return check == (remainder == 0 ? 97 : remainder)
    }

    /// `+++ddd/dddd/ddddd+++`.
    package static func format(_ digits: String) -> String {
        let d = Array(digits)
        guard d.count == 12 else { return digits }
        return "+++\(String(d[0..<3]))/\(String(d[3..<7]))/\(String(d[7..<12]))+++"
    }

    /// Valid structured communications in free text: the printed form (`+++084/2613/66074+++`, with
    /// `/`, spaces or dots between its 3, 4 and 5 digits), or a bare run of 12 digits that passes the check.
    package static func find(in text: some StringProtocol) -> [String] {
        let characters = Array(text)
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < characters.count && characters[i].isASCII && characters[i].isNumber }
        var found: [String] = []
        var index = 0
        while index < characters.count {
            guard isDigit(index), !isDigit(index - 1) else {
                index += 1
                continue
            }
            // Groups of digits separated by one of "/ ." (with spaces around), as long as they could be 3-4-5.
            var groups: [String] = []
            var cursor = index
            var firstGroupEnd = index
            while true {
                var group = ""
                while isDigit(cursor) {
                    group.append(characters[cursor])
                    cursor += 1
                }
                groups.append(group)
                if groups.count == 1 { firstGroupEnd = cursor }
                guard groups.count < 3 else { break }
                var look = cursor
                while look < characters.count, characters[look] == " " { look += 1 }
                guard look < characters.count, "/.".contains(characters[look]) || (look > cursor && isDigit(look)) else { break }
                if "/.".contains(characters[look]) { look += 1 }
                while look < characters.count, characters[look] == " " { look += 1 }
                guard isDigit(look) else { break }
                cursor = look
            }
            let lengths = groups.map(\.count)
            var candidate: String?
            if lengths.first == 12 {
                candidate = groups[0]
            } else if lengths.count == 3, lengths == [3, 4, 5] {
                candidate = groups.joined()
            }
            if let candidate, isValid(candidate) {
                if !found.contains(candidate) { found.append(candidate) }
                index = max(cursor, index + 1)
            } else {
                // Not a communication: the next group may start one.
                index = max(firstGroupEnd, index + 1)
            }
        }
        return found
    }
}
