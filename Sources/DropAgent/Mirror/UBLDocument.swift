import Foundation
import StrictXML

/// What tldrop reads from a UBL invoice or credit note it downloaded: the PDF it embeds (e-fff always
/// does, Peppol documents often), and its content, to tell an edit from a change of `updated_at` only.
struct UBLDocument: Sendable {
    struct Line: Sendable, Hashable {
        var quantity: Decimal?
        var amount: Decimal?
    }

    var embeddedPDF: Data?
    var lines: [Line] = []
    var taxExclusive: Decimal?
    var taxInclusive: Decimal?

    /// Nil when the bytes are not readable XML.
    static func read(_ data: Data) -> UBLDocument? {
        let reader = Reader()
        guard (try? XMLScanner.scan(data, into: reader)) != nil else { return nil }
        var document = reader.document
        if let base64 = reader.pdfBase64, let pdf = Data(base64Encoded: base64, options: .ignoreUnknownCharacters),
            pdf.starts(with: Array("%PDF".utf8))
        {
            document.embeddedPDF = pdf
        }
        return document
    }

    /// The event reader: elements by the path of their local names.
    private final class Reader: XMLEventHandler {
        var document = UBLDocument()
        var pdfBase64: String?
        private var path: [String] = []
        private var text = ""
        private var collectingPDF = false
        private var line: Line?

        func start(_ name: String, attributes: [String: String], line number: Int) {
            let element = name.split(separator: ":").last.map(String.init) ?? name
            path.append(element)
            text = ""
            switch element {
            case "EmbeddedDocumentBinaryObject":
                collectingPDF = pdfBase64 == nil && attributes["mimeCode"]?.lowercased() == "application/pdf"
                if collectingPDF { pdfBase64 = "" }
            case "InvoiceLine", "CreditNoteLine":
                line = Line()
            default: break
            }
        }

        func text(_ string: String) {
            if collectingPDF {
                if (pdfBase64?.utf8.count ?? 0) < 96 << 20 { pdfBase64? += string }
            } else if text.utf8.count < 4096 {
                text += string
            }
        }

        func end(_ name: String, line number: Int) {
            let element = path.last ?? name
            let parent = path.count >= 2 ? path[path.count - 2] : ""
            let value = Decimal(string: text.trimmingCharacters(in: .whitespacesAndNewlines), locale: Locale(identifier: "en_US_POSIX"))
            switch (element, parent) {
            case ("EmbeddedDocumentBinaryObject", _): collectingPDF = false
            case ("InvoicedQuantity", _), ("CreditedQuantity", _): line?.quantity = value
            case ("LineExtensionAmount", "InvoiceLine"), ("LineExtensionAmount", "CreditNoteLine"): line?.amount = value
            case ("TaxExclusiveAmount", "LegalMonetaryTotal"): document.taxExclusive = value
            case ("TaxInclusiveAmount", "LegalMonetaryTotal"): document.taxInclusive = value
            case ("InvoiceLine", _), ("CreditNoteLine", _):
                if let line { document.lines.append(line) }
                line = nil
            default: break
            }
            path.removeLast()
            text = ""
        }
    }
}
