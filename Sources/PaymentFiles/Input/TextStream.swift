/// A text file's bytes as UTF-8, chunk by chunk, whatever its encoding: UTF-8 passes through (without
/// its byte-order mark), UTF-16 and Windows-1252 are converted. Bytes that encode nothing become U+FFFD.
final class TextStream {
    let encoding: TextEncoding
    private let reader: ChunkReader
    private var out: [UInt8] = []
    /// UTF-16: a byte or a high surrogate left over from the last chunk.
    private var oddByte: UInt8?
    private var highSurrogate: UInt16?

    init(_ input: PaymentInput, encoding: TextEncoding) {
        self.encoding = encoding
        reader = ChunkReader(input, from: encoding.skip)
    }

    /// Hands the next piece of UTF-8 to `body`; false at the end.
    func next(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        switch encoding {
        case .utf8:
            return try reader.next(body)
        case .windows1252:
            out.removeAll(keepingCapacity: true)
            let more = try reader.next { Self.windows1252($0, into: &out) }
            if more { try out.withUnsafeBufferPointer(body) }
            return more
        case .utf16(let little, _):
            var converted: [UInt8] = []
            swap(&converted, &out)
            converted.removeAll(keepingCapacity: true)
            defer { swap(&converted, &out) }
            let more = try reader.next { self.utf16($0, littleEndian: little, into: &converted) }
            if !more, oddByte != nil || highSurrogate != nil {
                Self.append(0xFFFD, to: &converted)
                oddByte = nil
                highSurrogate = nil
            }
            if !converted.isEmpty { try converted.withUnsafeBufferPointer(body) }
            return more || !converted.isEmpty
        }
    }

    private func utf16(_ bytes: UnsafeBufferPointer<UInt8>, littleEndian: Bool, into out: inout [UInt8]) {
        var index = 0
        func unit(_ a: UInt8, _ b: UInt8) -> UInt16 { littleEndian ? UInt16(a) | UInt16(b) << 8 : UInt16(a) << 8 | UInt16(b) }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2 + 1)
        if let first = oddByte, !bytes.isEmpty {
            units.append(unit(first, bytes[0]))
            oddByte = nil
            index = 1
        }
        while index + 1 < bytes.count {
            units.append(unit(bytes[index], bytes[index + 1]))
            index += 2
        }
        if index < bytes.count { oddByte = bytes[index] }
        for unit in units {
            if let high = highSurrogate {
                highSurrogate = nil
                if (0xDC00...0xDFFF).contains(unit) {
                    Self.append(0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00), to: &out)
                    continue
                }
                Self.append(0xFFFD, to: &out)
            }
            switch unit {
            case 0xD800...0xDBFF: highSurrogate = unit
            case 0xDC00...0xDFFF: Self.append(0xFFFD, to: &out)
            default: Self.append(UInt32(unit), to: &out)
            }
        }
    }

    /// Windows-1252: Latin-1 with printable characters in 0x80–0x9F (€, curly quotes, …).
    static func windows1252(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else if byte < 0xA0 {
                append(high[Int(byte) - 0x80], to: &out)
            } else {
                out.append(0xC0 | byte >> 6)
                out.append(0x80 | byte & 0x3F)
            }
        }
    }

    static let high: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static func append(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
