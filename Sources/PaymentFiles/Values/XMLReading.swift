import Foundation
import StrictXML

/// `XMLScanner` for payment files: its errors become `PaymentFileError`s, which name the line.
enum XMLReading {
    static func scan(_ data: Data, into handler: some XMLEventHandler) throws {
        do {
            try XMLScanner.scan(data, into: handler)
        } catch let error as XMLScanError {
            throw PaymentFileError(line: error.line, error.message)
        }
    }
}
