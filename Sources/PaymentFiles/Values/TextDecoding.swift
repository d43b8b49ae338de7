import Foundation

/// Turns a text file's bytes into a string: UTF-8 with or without BOM, UTF-16 with a BOM (what Excel
/// writes as "Unicode text") or without one when its zero bytes give it away, else Windows-1252.
enum TextDecoding {
    struct Decoded {
        var text: String
        var encoding: String
    }

    static func decode(_ data: Data) -> Decoded {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return Decoded(text: String(decoding: bytes.dropFirst(3), as: UTF8.self), encoding: "UTF-8 with BOM")
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return Decoded(text: utf16(bytes.dropFirst(2), littleEndian: true), encoding: "UTF-16LE") }
        if bytes.starts(with: [0xFE, 0xFF]) { return Decoded(text: utf16(bytes.dropFirst(2), littleEndian: false), encoding: "UTF-16BE") }
        let sample = bytes.prefix(4096)
        if sample.count >= 4 {
            let oddZeros = stride(from: 1, to: sample.count, by: 2).filter { sample[sample.startIndex + $0] == 0 }.count
            let evenZeros = stride(from: 0, to: sample.count, by: 2).filter { sample[sample.startIndex + $0] == 0 }.count
            if oddZeros > sample.count / 4, evenZeros == 0 { return Decoded(text: utf16(bytes[...], littleEndian: true), encoding: "UTF-16LE") }
            if evenZeros > sample.count / 4, oddZeros == 0 { return Decoded(text: utf16(bytes[...], littleEndian: false), encoding: "UTF-16BE") }
        }
        if let text = String(validating: bytes, as: UTF8.self) { return Decoded(text: text, encoding: "UTF-8") }
        return Decoded(text: windows1252(bytes), encoding: "Windows-1252")
    }

    static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Windows-1252: Latin-1 with printable characters in 0x80–0x9F (€, curly quotes, …).
    static func windows1252(_ bytes: [UInt8]) -> String {
        let high: [UInt32] = [
            0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
            0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
        ]
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// Whether bytes look like binary rather than text (NUL bytes or many control characters).
    static func looksBinary(_ text: String) -> Bool {
        var controls = 0
        var total = 0
        for scalar in text.unicodeScalars.prefix(8192) {
            total += 1
            if scalar.value == 0 { return true }
            if scalar.value < 0x20, scalar != "\n", scalar != "\r", scalar != "\t" { controls += 1 }
            if scalar == "\u{FFFD}" { controls += 1 }
        }
        return total > 0 && controls * 20 > total
    }
}
