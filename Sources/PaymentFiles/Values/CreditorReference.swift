/// The ISO 11649 creditor reference: `RF`, two check digits and up to 21 letters or digits, checked
/// mod 97 like an IBAN (the first four characters moved to the end, letters as 10…35, remainder 1).
package enum CreditorReference {
    /// The reference without spaces, upper-cased, when `text` is a valid one.
    package static func valid(_ text: some StringProtocol) -> String? {
        let compact = String(text.filter { $0 != " " }).uppercased()
        let characters = Array(compact.utf8)
        guard characters.count >= 5, characters.count <= 25, compact.hasPrefix("RF"),
            characters[2...3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            characters[4...].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) })
        else { return nil }
        var remainder = 0
        for byte in characters[4...] + characters[0..<4] {
            let value = byte <= 0x39 ? Int(byte - 0x30) : Int(byte - 0x41) + 10
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97
        }
        return remainder == 1 ? compact : nil
    }

    /// Valid creditor references in free text, written whole (`RF18539007547034`) or in groups of
    /// four (`RF18 5390 0754 7034`).
    package static func find(in text: some StringProtocol) -> [String] {
        let tokens = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        var found: [String] = []
        for (position, token) in tokens.enumerated() where token.count >= 4 && token.uppercased().hasPrefix("RF") {
            // The longest run of groups that checks: a shorter prefix may pass mod 97 by chance.
            var joined = ""
            var longest: String?
            for next in tokens[position...].prefix(7) {
                joined += next
                guard joined.count <= 25 else { break }
                if let reference = valid(joined) { longest = reference }
            }
            if let longest, !found.contains(longest) { found.append(longest) }
        }
        return found
    }
}
