import Wording

/// A strict JSON reader (RFC 8259) over a text stream, for payment files that keep their items in an
/// array: it checks the whole document, notes the shape of its first two levels, and hands over the
/// elements of one chosen array one by one, as the bytes of each, never the whole document.
final class JSONScanner {
    /// Where a value sits, as far as payment files care.
    enum Place: Hashable {
        case top
        /// A member of the top-level object.
        case topMember(String)
        /// A member of the top-level `transactions` object.
        case transactionsMember(String)
        case elsewhere
    }

    /// What a value is.
    enum Kind: Equatable {
        case object, array, string, number, null, boolean
    }

    /// An array at a place that matters: how many elements, and whether all are objects.
    struct ArrayShape: Equatable {
        var count = 0
        var allObjects = true
    }

    static let maximumDepth = 512
    static let maximumItemBytes = 1 << 20

    /// What the scan found at the places that matter.
    private(set) var kinds: [Place: Kind] = [:]
    private(set) var arrays: [Place: ArrayShape] = [:]

    private let stream: TextStream
    private var chunk: [UInt8] = []
    private var index = 0
    private var line = 1
    private var capture: [UInt8]?
    private let capturing: Place?
    private let deliver: ([UInt8], Kind) throws -> Void

    /// - Parameters:
    ///   - capturing: the array whose elements go to `deliver`, if any.
    init(_ stream: TextStream, capturing: Place? = nil, deliver: @escaping ([UInt8], Kind) throws -> Void = { _, _ in }) {
        self.stream = stream
        self.capturing = capturing
        self.deliver = deliver
    }

    /// Reads the whole document.
    func scan() throws {
        try skipSpace()
        guard try peek() != nil else { throw fail("the file holds no JSON value") }
        try value(.top, depth: 0)
        try skipSpace()
        if try peek() != nil { throw fail("more after the end of the JSON value") }
    }

    private func fail(_ message: String) -> PaymentFileError {
        PaymentFileError(line: line, .readJSONUnreadable, ReadingMessage.verbatim(message))
    }

    // MARK: Bytes

    private func peek() throws -> UInt8? {
        if index >= chunk.count {
            chunk.removeAll(keepingCapacity: true)
            index = 0
            while chunk.isEmpty, try stream.next({ chunk.append(contentsOf: $0) }) {}
        }
        return index < chunk.count ? chunk[index] : nil
    }

    private func advance() throws {
        let byte = chunk[index]
        if capture != nil {
            capture!.append(byte)
            if capture!.count > Self.maximumItemBytes { throw fail("an item larger than \(Self.maximumItemBytes >> 20) MiB") }
        }
        if byte == 0x0A { line += 1 }
        index += 1
    }

    private func expect(_ byte: UInt8, _ what: String) throws {
        guard try peek() == byte else { throw fail("expected \(what)") }
        try advance()
    }

    private func skipSpace() throws {
        while let byte = try peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { try advance() }
    }

    // MARK: Values

    @discardableResult
    private func value(_ place: Place, depth: Int) throws -> Kind {
        guard depth < Self.maximumDepth else { throw fail("values nested deeper than \(Self.maximumDepth)") }
        try skipSpace()
        let kind: Kind
        guard let byte = try peek() else { throw fail("the file ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"):
            kind = .object
            try object(place, depth: depth)
        case UInt8(ascii: "["):
            kind = .array
            try array(place, depth: depth)
        case UInt8(ascii: "\""):
            kind = .string
            _ = try string(keeping: false)
        case UInt8(ascii: "t"):
            kind = .boolean
            try literal("true")
        case UInt8(ascii: "f"):
            kind = .boolean
            try literal("false")
        case UInt8(ascii: "n"):
            kind = .null
            try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            kind = .number
            try number()
        default: throw fail("expected a value (object, array, string, number, true, false or null)")
        }
        if place != .elsewhere { kinds[place] = kind }
        return kind
    }

    private func object(_ place: Place, depth: Int) throws {
        try advance()
        try skipSpace()
        if try peek() == UInt8(ascii: "}") { return try advance() }
        while true {
            try skipSpace()
            guard try peek() == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
            let wanted = place == .top || place == .topMember("transactions")
            let key = try string(keeping: wanted)
            try skipSpace()
            try expect(UInt8(ascii: ":"), "':' after a member name")
            let child: Place =
                switch place {
                case .top: .topMember(key)
                case .topMember("transactions"): .transactionsMember(key)
                default: .elsewhere
                }
            try value(child, depth: depth + 1)
            try skipSpace()
            switch try peek() {
            case UInt8(ascii: ","): try advance()
            case UInt8(ascii: "}"): return try advance()
            default: throw fail("expected ',' or '}' in an object")
            }
        }
    }

    private func array(_ place: Place, depth: Int) throws {
        try advance()
        var shape = ArrayShape()
        defer { if place != .elsewhere { arrays[place] = shape } }
        try skipSpace()
        if try peek() == UInt8(ascii: "]") { return try advance() }
        let captures = place == capturing
        while true {
            try skipSpace()
            if captures { capture = [] }
            let kind = try value(.elsewhere, depth: depth + 1)
            if captures, let bytes = capture {
                capture = nil
                try deliver(bytes, kind)
            }
            shape.count += 1
            if kind != .object { shape.allObjects = false }
            try skipSpace()
            switch try peek() {
            case UInt8(ascii: ","): try advance()
            case UInt8(ascii: "]"): return try advance()
            default: throw fail("expected ',' or ']' in an array")
            }
        }
    }

    private func literal(_ word: StaticString) throws {
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard try peek() == expected else { throw fail("expected '\(word)'") }
            try advance()
        }
    }

    private func number() throws {
        func digits() throws -> Int {
            var count = 0
            while let byte = try peek(), byte >= 0x30 && byte <= 0x39 {
                try advance()
                count += 1
            }
            return count
        }
        if try peek() == UInt8(ascii: "-") { try advance() }
        if try peek() == UInt8(ascii: "0") {
            try advance()
        } else if try digits() == 0 {
            throw fail("a number without digits")
        }
        if try peek() == UInt8(ascii: ".") {
            try advance()
            guard try digits() > 0 else { throw fail("a number without digits after its point") }
        }
        if let byte = try peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            try advance()
            if let sign = try peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { try advance() }
            guard try digits() > 0 else { throw fail("a number without digits in its exponent") }
        }
    }

    /// A string, its escapes checked; its text when `keeping`.
    private func string(keeping: Bool) throws -> String {
        try advance()
        var out: [UInt8] = []
        var length = 0
        while true {
            guard let byte = try peek() else { throw fail("the file ends inside a string") }
            try advance()
            length += 1
            guard length <= Self.maximumItemBytes else { throw fail("a string longer than \(Self.maximumItemBytes >> 20) MiB") }
            switch byte {
            case UInt8(ascii: "\""):
                return keeping ? String(decoding: out, as: UTF8.self) : ""
            case 0..<0x20:
                throw fail("a control character inside a string (write it as an escape)")
            case UInt8(ascii: "\\"):
                guard let escaped = try peek() else { throw fail("the file ends inside a string") }
                try advance()
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): if keeping { out.append(escaped) }
                case UInt8(ascii: "b"): if keeping { out.append(0x08) }
                case UInt8(ascii: "f"): if keeping { out.append(0x0C) }
                case UInt8(ascii: "n"): if keeping { out.append(0x0A) }
                case UInt8(ascii: "r"): if keeping { out.append(0x0D) }
                case UInt8(ascii: "t"): if keeping { out.append(0x09) }
                case UInt8(ascii: "u"):
                    var unit: UInt32 = 0
                    for _ in 0..<4 {
                        guard let hex = try peek(), let digit = Self.hexValue(hex) else { throw fail("'\\u' without four hex digits") }
                        try advance()
                        unit = unit << 4 | digit
                    }
                    // Surrogates are kept as U+FFFD: only member names are decoded, and none needs them.
                    if keeping { TextStream.append((0xD800...0xDFFF).contains(unit) ? 0xFFFD : unit, to: &out) }
                default:
                    throw fail("an unknown escape '\\\(Character(Unicode.Scalar(escaped)))' in a string")
                }
            default:
                if keeping { out.append(byte) }
            }
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46: return UInt32(byte - 0x37)
        case 0x61...0x66: return UInt32(byte - 0x57)
        default: return nil
        }
    }
}
