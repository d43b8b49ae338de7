import Foundation
import Wording

/// The tagged fields of SWIFT MT940 statements (`:20:`, `:25:`, `:61:`, `:86:`…), with the line each
/// starts on; continuation lines are joined to their field. Block wrappers (`{1:…}{2:…}{4:` and `-}`)
/// are skipped, and so are the transport headers banks put before a message (ABN AMRO's and bunq's
/// `ABNANL2A` / `940` lines, Rabobank's `:940:`, ING's `0000 01INGBNL2AXXXX00001` / `940 00`): each
/// recognised for what it is, where a message may start, never any unknown line.
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
        // Where a message may start: the top, after a message's end, after a closing balance.
        var boundary = true
        try lines.forEach { number, bytes in
            var line = Substring(String(decoding: bytes, as: UTF8.self))
            // Header blocks before the text block, and the end of a message.
            while line.hasPrefix("{"), let close = line.firstIndex(of: "}"), !line.hasPrefix("{4:") {
                line = line[line.index(after: close)...]
                if line.hasPrefix("}") { line = line.dropFirst() }
            }
            if line.hasPrefix("{4:") { line = line.dropFirst(3) }
            if line.hasPrefix("-}") || line == "-" {
                boundary = true
                return true
            }
            if line.isEmpty { return true }
            if boundary || current == nil, isTransportHeader(line) { return true }
            if let tag = tag(of: line) {
                if let done = current { try body(done) }
                current = MT940Field(tag: tag, line: number, lines: [String(line.dropFirst(tag.count + 2))])
                // A closing balance is one line: a bank's next message may follow it at once.
                boundary = ["62F", "62M", "64", "65"].contains(tag)
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

    /// The lines banks' transports put before a message: a BIC alone (`ABNANL2A`), the message type
    /// (`940`, `940 00`, `:940:`), ING's session line (`0000 01INGBNL2AXXXX00001`).
    static func isTransportHeader(_ line: Substring) -> Bool {
        let text = line.trimmingCharacters(in: .whitespaces)
        if ["940", "940 00", ":940:"].contains(text) { return true }
        func isBIC(_ value: Substring) -> Bool {
            (value.count == 8 || value.count == 11) && value.prefix(6).allSatisfy { $0.isASCII && $0.isUppercase }
                && value.dropFirst(6).allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
        }
        if isBIC(Substring(text)) { return true }
        // ING's session line: `0000 01`, a logical terminal address (a BIC8, a terminal code and a branch:
        // `INGBNL2AXXXX`), then a sequence number.
        if text.hasPrefix("0000 01"), text.count >= 7 + 12 + 1 {
            let rest = text.dropFirst(7)
            return isBIC(rest.prefix(8)) && rest.dropFirst(8).prefix(4).allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
                && rest.dropFirst(12).allSatisfy(\.isASCIIDigit)
        }
        return false
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
