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

    static func fields(in text: String) throws -> [MT940Field] {
        var fields: [MT940Field] = []
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = Substring(raw)
            // Header blocks before the text block, and the end of a message.
            while line.hasPrefix("{"), let close = line.firstIndex(of: "}"), !line.hasPrefix("{4:") {
                line = line[line.index(after: close)...]
                if line.hasPrefix("}") { line = line.dropFirst() }
            }
            if line.hasPrefix("{4:") { line = line.dropFirst(3) }
            if line.hasPrefix("-}") || line == "-" { continue }
            if line.isEmpty { continue }
            if let tag = tag(of: line) {
                fields.append(MT940Field(tag: tag, line: offset + 1, lines: [String(line.dropFirst(tag.count + 2))]))
            } else if !fields.isEmpty {
                guard fields[fields.count - 1].lines.count < 64 else {
                    throw PaymentFileError(line: offset + 1, "a field of more than 64 lines; not an MT940 statement")
                }
                fields[fields.count - 1].lines.append(String(line))
            } else {
                throw PaymentFileError(line: offset + 1, "expected an MT940 field such as ':20:' here")
            }
        }
        return fields
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
