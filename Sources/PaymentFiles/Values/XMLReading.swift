import Foundation
import StrictXML
import Wording

/// `XMLScanner` for payment files: its errors become `PaymentFileError`s, which name the line.
enum XMLReading {
    static func scan(_ data: Data, into handler: some XMLEventHandler) throws {
        try translating { try XMLScanner.scan(data, into: handler) }
    }

    /// Scans a file as it is read, chunk by chunk.
    static func scan(_ input: PaymentInput, into handler: some XMLEventHandler) throws {
        var offset = 0
        try translating {
            try XMLScanner.scan(
                reading: { buffer in
                    let count = try input.read(at: offset, into: buffer)
                    offset += count
                    return count
                }, into: handler)
        }
    }

    private static func translating(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as XMLScanError {
            // The scanner's detail is XML syntax; the sentence around it is ours.
            let prefix = "the XML cannot be read: "
            throw error.message.hasPrefix(prefix)
                ? PaymentFileError(line: error.line, .readXMLUnreadable, ReadingMessage.verbatim(String(error.message.dropFirst(prefix.count))))
                : PaymentFileError(line: error.line, error.message)
        }
    }
}
