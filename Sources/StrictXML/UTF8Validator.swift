/// Checks UTF-8 fed in pieces (a sequence may straddle two): no overlong forms, no surrogates, nothing
/// above U+10FFFF.
package struct UTF8Validator {
    /// Continuation bytes still expected, and the range the next one must fall in.
    private var need = 0
    private var low: UInt8 = 0x80
    private var high: UInt8 = 0xBF
    package init() {}

    /// Bytes accepted so far, and line feeds among them (for naming where a bad byte is).
    package private(set) var offset = 0
    package private(set) var lineFeeds = 0

    package var isComplete: Bool { need == 0 }

    /// False at the first byte that cannot be UTF-8; `offset` is then that byte's.
    package mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes {
            if need == 0 {
                if byte < 0x80 {
                    if byte == 0x0A { lineFeeds += 1 }
                    offset += 1
                    continue
                }
                switch byte {
                case 0xC2...0xDF:
                    need = 1
                    low = 0x80
                    high = 0xBF
                case 0xE0:
                    need = 2
                    low = 0xA0
                    high = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF:
                    need = 2
                    low = 0x80
                    high = 0xBF
                case 0xED:
                    need = 2
                    low = 0x80
                    high = 0x9F
                case 0xF0:
                    need = 3
                    low = 0x90
                    high = 0xBF
                case 0xF1...0xF3:
                    need = 3
                    low = 0x80
                    high = 0xBF
                case 0xF4:
                    need = 3
                    low = 0x80
                    high = 0x8F
                default: return false
                }
            } else {
                guard byte >= low, byte <= high else { return false }
                need -= 1
                low = 0x80
                high = 0xBF
            }
            offset += 1
        }
        return true
    }
}
