import Wording

/// The tagged fields of SWIFT MT940 statements (`:20:`, `:25:`, `:61:`, `:86:`…), with the line each
/// starts on; continuation lines are joined to their field. Block wrappers (`{1:…}{2:…}{4:` and `-}`)
/// are skipped.
struct MT940Field {
    var tag: String
    var line: Int
    /// The field's lines, without line ends.
    var lines: [String]

    /// The lines joined directly: banks wrap fields at a fixed width, also inside words and values.
    var joined: String { lines.joined() }

    /// Hands over each field once its last continuation line has been read.
    static func forEach(in lines: TextLines, _ body: (MT940Field) throws -> Void) throws {
        var current: MT940Field?
        try lines.forEach { number, bytes in
            var line = Substring(String(decoding: bytes, as: UTF8.self))
            // Header blocks before the text block, and the end of a message.
            while line.hasPrefix("{"), let close = line.firstIndex(of: "}"), !line.hasPrefix("{4:") {
                line = line[line.index(after: close)...]
                if line.hasPrefix("}") { line = line.dropFirst() }
            }
            if line.hasPrefix("{4:") { line = line.dropFirst(3) }
            if line.hasPrefix("-}") || line == "-" || line.isEmpty { return true }
            if let tag = tag(of: line) {
                if let done = current { try body(done) }
                current = MT940Field(tag: tag, line: number, lines: [String(line.dropFirst(tag.count + 2))])
            } else if current != nil {
                guard current!.lines.count < 64 else {
                    throw PaymentFileError(line: number, .readMT940LongField)
                }
                current!.lines.append(String(line))
            } else {
                throw PaymentFileError(line: number, .readMT940Field)
            }
            return true
        }
        if let done = current { try body(done) }
    }

    /// `:61:` → `61`, `:28C:` → `28C`.
    static func tag(of line: Substring) -> String? {
        guard line.first == ":" else { return nil }
        let rest = line.dropFirst()
        guard let close = rest.firstIndex(of: ":") else { return nil }
        let tag = rest[..<close]
        guard (2...3).contains(tag.count), tag.prefix(2).allSatisfy(\.isASCIIDigit), tag.dropFirst(2).allSatisfy({ $0.isLetter && $0.isUppercase })
        else { return nil }
        return String(tag)
    }
}
