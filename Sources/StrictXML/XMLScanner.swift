import Foundation

/// What a reader of XML events implements: elements as they open and close, and the text between.
/// Throwing from any of them ends the scan with that error.
public protocol XMLEventHandler: AnyObject {
    func start(_ name: String, attributes: [String: String], line: Int) throws
    func text(_ text: String) throws
    func end(_ name: String, line: Int) throws
}

/// XML that cannot be read: where, and why.
public struct XMLScanError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// A small, strict, streaming XML scanner for the bank and spreadsheet files tldrop reads (camt.05x,
/// the XML parts of XLSX): UTF-8 only, no DTD (so no entity expansion), the five predefined entities
/// and character references, CDATA, comments and processing instructions skipped. Every malformation
/// is an `XMLScanError` with its line.
///
/// Why not `XMLParser`: swift-corelibs-foundation's wrapper around libxml2 crashes the process on some
/// malformed input (`<?l?>`, an element name that is not UTF-8), which `FuzzTests` found; input from
/// outside must never crash tldrop.
public enum XMLScanner {
    static let maximumDepth = 256
    static let maximumNameLength = 1_024

    public static func scan(_ data: Data, into handler: some XMLEventHandler) throws {
        if let offset = firstInvalidUTF8(data) {
            let line = data.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw XMLScanError(line: line, "the XML is not UTF-8 (byte \(offset + 1) is not); ISO 20022, UBL and XLSX XML are UTF-8")
        }
        try data.withUnsafeBytes { raw in
            var cursor = XMLCursor(bytes: raw.bindMemory(to: UInt8.self))
            try cursor.run(handler)
        }
    }

    /// The offset of the first byte that is not valid UTF-8, or nil.
    static func firstInvalidUTF8(_ data: Data) -> Int? {
        if String(validating: data, as: UTF8.self) != nil { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

/// The scanner's position in the bytes, with the line it is on.
private struct XMLCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var line = 1
    var open: [String] = []
    var sawRoot = false

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    func fail(_ message: String) -> XMLScanError { XMLScanError(line: line, "the XML cannot be read: \(message)") }

    mutating func run(_ handler: some XMLEventHandler) throws {
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "<") {
                try markup(handler)
            } else {
                let start = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "<") { advance() }
                guard !open.isEmpty else {
                    guard bytes[start..<position].allSatisfy(Self.isSpace) else { throw fail("text outside the root element") }
                    continue
                }
                try handler.text(try decode(start..<position))
            }
        }
        if let unclosed = open.last { throw fail("the file ends inside <\(unclosed)>") }
        guard sawRoot else { throw fail("no element") }
    }

    private mutating func markup(_ handler: some XMLEventHandler) throws {
        if has("<?") {
            try skip(past: "?>", what: "a processing instruction")
        } else if has("<!--") {
            try skip(past: "-->", what: "a comment")
        } else if has("<![CDATA[") {
            guard !open.isEmpty else { throw fail("CDATA outside the root element") }
            position += 9
            let start = position
            try skip(past: "]]>", what: "a CDATA section")
            try handler.text(String(decoding: bytes[start..<(position - 3)], as: UTF8.self))
        } else if has("<!") {
            throw fail("a DTD or declaration (<!…>) is not read")
        } else if has("</") {
            position += 2
            let name = try readName()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else { throw fail("'</\(name)' is not closed by '>'") }
            position += 1
            guard let expected = open.popLast(), expected == name else { throw fail("</\(name)> does not close <\(open.last ?? "nothing")>") }
            try handler.end(name, line: line)
        } else {
            position += 1
            let name = try readName()
            guard open.count < XMLScanner.maximumDepth else { throw fail("elements nested deeper than \(XMLScanner.maximumDepth)") }
            guard !open.isEmpty || !sawRoot else { throw fail("a second root element <\(name)>") }
            let startLine = line
            var attributes: [String: String] = [:]
            while true {
                skipSpace()
                guard position < bytes.count else { throw fail("the file ends inside <\(name)>") }
                if has("/>") {
                    position += 2
                    sawRoot = true
                    try handler.start(name, attributes: attributes, line: startLine)
                    try handler.end(name, line: line)
                    return
                }
                if bytes[position] == UInt8(ascii: ">") {
                    position += 1
                    sawRoot = true
                    open.append(name)
                    try handler.start(name, attributes: attributes, line: startLine)
                    return
                }
                let key = try readName()
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else { throw fail("attribute '\(key)' of <\(name)> has no value") }
                position += 1
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                    throw fail("attribute '\(key)' of <\(name)> is not quoted")
                }
                let quote = bytes[position]
                position += 1
                let start = position
                while position < bytes.count, bytes[position] != quote {
                    guard bytes[position] != UInt8(ascii: "<") else { throw fail("'<' inside attribute '\(key)'") }
                    advance()
                }
                guard position < bytes.count else { throw fail("attribute '\(key)' of <\(name)> is never closed") }
                guard attributes[key] == nil else { throw fail("attribute '\(key)' appears twice in <\(name)>") }
                attributes[key] = try decode(start..<position)
                position += 1
            }
        }
    }

    /// An element or attribute name: up to white space, `/`, `>` or `=`.
    private mutating func readName() throws -> String {
        let start = position
        while position < bytes.count, !Self.ends(bytes[position]) { position += 1 }
        guard position > start else { throw fail("a name was expected") }
        guard position - start <= XMLScanner.maximumNameLength else { throw fail("a name longer than \(XMLScanner.maximumNameLength) bytes") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func ends(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    /// Text with its entity and character references replaced.
    private func decode(_ range: Range<Int>) throws -> String {
        let slice = bytes[range]
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(slice.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&") else {
                out.append(byte)
                index += 1
                continue
            }
            guard let semicolon = bytes[index..<min(range.upperBound, index + 12)].firstIndex(of: UInt8(ascii: ";")) else {
                throw fail("'&' that starts no entity (write &amp;)")
            }
            let entity = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            out += Array(try Self.resolve(entity, line: line).utf8)
            index = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func resolve(_ entity: String, line: Int) throws -> String {
        switch entity {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            let number: UInt32? = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                : entity.hasPrefix("#") ? UInt32(entity.dropFirst(), radix: 10) : nil
            guard let number, number != 0, let scalar = Unicode.Scalar(number) else {
                throw XMLScanError(line: line, "the XML cannot be read: unknown entity &\(entity);")
            }
            return String(Character(scalar))
        }
    }

    private func has(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { expected in
            for offset in 0..<count where bytes[position + offset] != expected[offset] { return false }
            return true
        }
    }

    private mutating func skip(past end: StaticString, what: String) throws {
        while position < bytes.count {
            if has(end) {
                position += end.utf8CodeUnitCount
                return
            }
            advance()
        }
        throw fail("\(what) is never closed")
    }

    private mutating func skipSpace() {
        while position < bytes.count, Self.isSpace(bytes[position]) { advance() }
    }

    private mutating func advance() {
        if bytes[position] == 0x0A { line += 1 }
        position += 1
    }
}
