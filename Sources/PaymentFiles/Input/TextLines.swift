import Wording

/// The lines of a text stream, each handed over as UTF-8 bytes without its line end (LF, CRLF or a
/// bare CR), numbered from 1. Lines are never longer than `maximumLength`: a file without line ends is
/// refused, naming the line, rather than read into memory whole.
struct TextLines {
    static let maximumLength = 1 << 20

    let stream: TextStream

    /// Hands each line to `body` until it returns false.
    func forEach(_ body: (_ line: Int, _ bytes: UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        var pending: [UInt8] = []
        var line = 1
        var afterCR = false
        var stop = false
        func emit(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            if pending.isEmpty {
                stop = try !body(line, bytes)
            } else {
                pending.append(contentsOf: bytes)
                stop = try pending.withUnsafeBufferPointer { try !body(line, $0) }
                pending.removeAll(keepingCapacity: true)
            }
            line += 1
        }
        while !stop,
            try stream.next({ chunk in
                var start = 0
                var index = 0
                if afterCR, chunk.first == 0x0A {
                    start = 1
                    index = 1
                }
                afterCR = false
                while index < chunk.count, !stop {
                    let byte = chunk[index]
                    if byte == 0x0A || byte == 0x0D {
                        try emit(UnsafeBufferPointer(rebasing: chunk[start..<index]))
                        if byte == 0x0D {
                            if index + 1 < chunk.count {
                                if chunk[index + 1] == 0x0A { index += 1 }
                            } else {
                                afterCR = true
                            }
                        }
                        start = index + 1
                    }
                    index += 1
                }
                guard !stop else { return }
                if start < chunk.count {
                    guard pending.count + chunk.count - start <= Self.maximumLength else {
                        throw PaymentFileError(line: line, .readLongLine, Self.maximumLength >> 20)
                    }
                    pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start...]))
                }
            })
        {}
        if !stop, !pending.isEmpty {
            _ = try pending.withUnsafeBufferPointer { try body(line, $0) }
        }
    }
}
