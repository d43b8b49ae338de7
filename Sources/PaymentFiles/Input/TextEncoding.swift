import StrictXML

/// How a text file's bytes encode it: UTF-8 with or without BOM, UTF-16 with a BOM (what Excel writes
/// as "Unicode text") or without one when its zero bytes give it away, else Windows-1252.
enum TextEncoding: Sendable, Equatable {
    case utf8(bom: Bool)
    case utf16(littleEndian: Bool, bom: Bool)
    case windows1252

    /// As the report names it.
    var name: String {
        switch self {
        case .utf8(let bom): return bom ? "UTF-8 with BOM" : "UTF-8"
        case .utf16(let little, _): return little ? "UTF-16LE" : "UTF-16BE"
        case .windows1252: return "Windows-1252"
        }
    }

    /// Bytes of byte-order mark before the text.
    var skip: Int {
        switch self {
        case .utf8(let bom): return bom ? 3 : 0
        case .utf16(_, let bom): return bom ? 2 : 0
        case .windows1252: return 0
        }
    }

    /// Decides from the start of the file, and for text without a byte-order mark by whether all of it
    /// is valid UTF-8 (one pass over the bytes, in chunks).
    static func detect(_ input: PaymentInput) throws -> TextEncoding {
        let head = try input.prefix(4096)
        if let encoding = fromHead(head) { return encoding }
        var validator = UTF8Validator()
        let reader = ChunkReader(input)
        var valid = true
        while valid, try reader.next({ valid = validator.feed($0) }) {}
        return valid && validator.isComplete ? .utf8(bom: false) : .windows1252
    }

    /// A byte-order mark, or UTF-16's zero bytes, decide from the first bytes alone.
    static func fromHead(_ head: [UInt8]) -> TextEncoding? {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8(bom: true) }
        if head.starts(with: [0xFF, 0xFE]) { return .utf16(littleEndian: true, bom: true) }
        if head.starts(with: [0xFE, 0xFF]) { return .utf16(littleEndian: false, bom: true) }
        guard head.count >= 4 else { return nil }
        let oddZeros = stride(from: 1, to: head.count, by: 2).filter { head[$0] == 0 }.count
        let evenZeros = stride(from: 0, to: head.count, by: 2).filter { head[$0] == 0 }.count
        if oddZeros > head.count / 4, evenZeros == 0 { return .utf16(littleEndian: true, bom: false) }
        if evenZeros > head.count / 4, oddZeros == 0 { return .utf16(littleEndian: false, bom: false) }
        return nil
    }
}
