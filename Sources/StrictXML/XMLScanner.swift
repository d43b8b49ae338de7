package import Foundation

/// What a reader of XML events implements: elements as they open and close, and the text between.
/// Throwing from any of them ends the scan with that error.
package protocol XMLEventHandler: AnyObject {
    func start(_ name: String, attributes: [String: String], line: Int) throws
    func text(_ text: String) throws
    func end(_ name: String, line: Int) throws
}

/// XML that cannot be read: where, and why.
package struct XMLScanError: Error, Sendable, Equatable, CustomStringConvertible {
    package var line: Int
    package var message: String

    package init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    package var description: String { "line \(line): \(message)" }
}

/// A small, strict, streaming XML scanner for the bank and spreadsheet files tldrop reads (camt.05x,
/// the XML parts of XLSX): UTF-8 only, no DTD (so no entity expansion), the five predefined entities
/// and character references, CDATA, comments and processing instructions skipped. Every malformation
/// is an `XMLScanError` with its line.
///
/// Why not `XMLParser`: swift-corelibs-foundation's wrapper around libxml2 crashes the process on some
/// malformed input (`<?l?>`, an element name that is not UTF-8), which `FuzzTests` found; input from
/// outside must never crash tldrop.
package enum XMLScanner {
    static let maximumDepth = 256
    static let maximumNameLength = 1_024
    /// The longest single piece of text or markup held at once.
    static let maximumToken = 64 << 20

    package static func scan(_ data: Data, into handler: some XMLEventHandler) throws {
        var offset = 0
        try scan(
            reading: { buffer in
                let count = min(buffer.count, data.count - offset)
                if count > 0 {
                    data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: (data.startIndex + offset)..<(data.startIndex + offset + count))
                }
                offset += count
                return count
            }, into: handler)
    }

    /// Scans XML that `read` hands over in pieces: it fills the buffer it is given as far as it can and
    /// returns how many bytes it put there, 0 at the end. Only the piece being scanned is held.
    package static func scan(reading read: (UnsafeMutableRawBufferPointer) throws -> Int, into handler: some XMLEventHandler) throws {
        try withoutActuallyEscaping(read) { read in
            var cursor = XMLCursor(read: read)
            defer { cursor.release() }
            try cursor.run(handler)
        }
    }
}

/// The scanner's window on the bytes, with the line it is on. A piece of markup or text that runs past
/// the window is scanned again from its start once more bytes are in (`NeedMore`): handlers are only
/// called for pieces read whole.
private struct XMLCursor {
    /// Thrown when a piece runs past the bytes read so far.
    struct NeedMore: Error {}

    let read: (UnsafeMutableRawBufferPointer) throws -> Int
    var bytes: UnsafeMutableBufferPointer<UInt8>
    /// Bytes in the window.
    var end = 0
    var atEnd = false
    var position = 0
    var line = 1
    var open: [String] = []
    var sawRoot = false
    var validator = UTF8Validator()
    /// Bytes dropped from the window's front so far, for naming a byte's offset.
    var dropped = 0

    init(read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        self.read = read
        bytes = .allocate(capacity: 1 << 18)
    }

    func release() { bytes.deallocate() }

    func fail(_ message: String) -> XMLScanError { XMLScanError(line: line, "the XML cannot be read: \(message)") }

    mutating func run(_ handler: some XMLEventHandler) throws {
        _ = try load(keepingFrom: 0)
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        while true {
            if position >= end {
                guard try load(keepingFrom: position) else { break }
            }
            let start = position
            let startLine = line
            do {
                try step(handler)
            } catch is NeedMore {
                position = start
                line = startLine
                guard try load(keepingFrom: start) else { continue }
            }
        }
        if let unclosed = open.last { throw fail("the file ends inside <\(unclosed)>") }
        guard sawRoot else { throw fail("no element") }
    }

    /// Moves the bytes from `start` on to the window's front and reads more after them (growing the
    /// window when it is full). False at the end of the input with nothing new read.
    private mutating func load(keepingFrom start: Int) throws -> Bool {
        guard !atEnd else { return false }
        if start > 0 {
            let kept = end - start
            if kept > 0 { UnsafeMutableRawPointer(bytes.baseAddress!).copyMemory(from: bytes.baseAddress! + start, byteCount: kept) }
            dropped += start
            end = kept
            position -= start
        }
        if end == bytes.count {
            guard bytes.count < XMLScanner.maximumToken else {
                throw fail("a single piece of text or markup longer than \(XMLScanner.maximumToken >> 20) MiB")
            }
            let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count * 2)
            _ = larger.initialize(from: bytes[0..<end])
            bytes.deallocate()
            bytes = larger
        }
        let count = try read(UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(bytes)[end...]))
        guard count > 0 else {
            atEnd = true
            guard validator.isComplete else { throw notUTF8() }
            return false
        }
        guard validator.feed(UnsafeBufferPointer(rebasing: bytes[end..<(end + count)])) else { throw notUTF8() }
        end += count
        return true
    }

    private func notUTF8() -> XMLScanError {
        XMLScanError(
            line: validator.lineFeeds + 1,
            "the XML is not UTF-8 (byte \(validator.offset + 1) is not); ISO 20022, UBL and XLSX XML are UTF-8")
    }

    /// Whether another byte is in the window; at the window's end, more is needed unless the input ended.
    private func more() throws -> Bool {
        if position < end { return true }
        if atEnd { return false }
        throw NeedMore()
    }

    /// One piece: markup, or the text up to the next markup.
    private mutating func step(_ handler: some XMLEventHandler) throws {
        if bytes[position] == UInt8(ascii: "<") { return try markup(handler) }
        let start = position
        while try more(), bytes[position] != UInt8(ascii: "<") { advance() }
        guard !open.isEmpty else {
            guard bytes[start..<position].allSatisfy(Self.isSpace) else { throw fail("text outside the root element") }
            return
        }
        try handler.text(try decode(start..<position))
    }

    private mutating func markup(_ handler: some XMLEventHandler) throws {
        if try has("<?") {
            try skip(past: "?>", what: "a processing instruction")
        } else if try has("<!--") {
            try skip(past: "-->", what: "a comment")
        } else if try has("<![CDATA[") {
            guard !open.isEmpty else { throw fail("CDATA outside the root element") }
            position += 9
            let start = position
            try skip(past: "]]>", what: "a CDATA section")
            try handler.text(String(decoding: bytes[start..<(position - 3)], as: UTF8.self))
        } else if try has("<!") {
            throw fail("a DTD or declaration (<!…>) is not read")
        } else if try has("</") {
            position += 2
            let name = try readName()
            try skipSpace()
            guard try more(), bytes[position] == UInt8(ascii: ">") else { throw fail("'</\(name)' is not closed by '>'") }
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
                try skipSpace()
                guard try more() else { throw fail("the file ends inside <\(name)>") }
                if try has("/>") {
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
                try skipSpace()
                guard try more(), bytes[position] == UInt8(ascii: "=") else { throw fail("attribute '\(key)' of <\(name)> has no value") }
                position += 1
                try skipSpace()
                guard try more(), bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                    throw fail("attribute '\(key)' of <\(name)> is not quoted")
                }
                let quote = bytes[position]
                position += 1
                let start = position
                while try more(), bytes[position] != quote {
                    guard bytes[position] != UInt8(ascii: "<") else { throw fail("'<' inside attribute '\(key)'") }
                    advance()
                }
                guard try more() else { throw fail("attribute '\(key)' of <\(name)> is never closed") }
                guard attributes[key] == nil else { throw fail("attribute '\(key)' appears twice in <\(name)>") }
                attributes[key] = try decode(start..<position)
                position += 1
            }
        }
    }

    /// An element or attribute name: up to white space, `/`, `>` or `=`.
    private mutating func readName() throws -> String {
        let start = position
        while try more(), !Self.ends(bytes[position]) {
            position += 1
            guard position - start <= XMLScanner.maximumNameLength else { throw fail("a name longer than \(XMLScanner.maximumNameLength) bytes") }
        }
        guard position > start else { throw fail("a name was expected") }
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
            let number: UInt32? =
                entity.hasPrefix("#x")
                ? UInt32(entity.dropFirst(2), radix: 16)
                : entity.hasPrefix("#") ? UInt32(entity.dropFirst(), radix: 10) : nil
            guard let number, number != 0, let scalar = Unicode.Scalar(number) else {
                throw XMLScanError(line: line, "the XML cannot be read: unknown entity &\(entity);")
            }
            return String(Character(scalar))
        }
    }

    private func has(_ prefix: StaticString) throws -> Bool {
        let count = prefix.utf8CodeUnitCount
        if position + count > end {
            // Too few bytes to tell: more are needed, unless the input ended (then it is not there).
            if !atEnd, bytes[position..<end].elementsEqual(UnsafeBufferPointer(start: prefix.utf8Start, count: end - position)) { throw NeedMore() }
            return false
        }
        return prefix.withUTF8Buffer { expected in
            for offset in 0..<count where bytes[position + offset] != expected[offset] { return false }
            return true
        }
    }

    private mutating func skip(past terminator: StaticString, what: String) throws {
        while try more() {
            if try has(terminator) {
                position += terminator.utf8CodeUnitCount
                return
            }
            advance()
        }
        throw fail("\(what) is never closed")
    }

    private mutating func skipSpace() throws {
        while try more(), Self.isSpace(bytes[position]) { advance() }
    }

    private mutating func advance() {
        if bytes[position] == 0x0A { line += 1 }
        position += 1
    }
}
