import Foundation

/// Writes a small, valid one-page PDF 1.4 (catalog, page tree, Helvetica, one content stream, a correct
/// cross-reference table) showing the document's number, customer and total.
///
/// Bytes depend only on the document, so the same invoice always downloads identically, and an edit in
/// the sandbox (which bumps the revision) changes them.
enum PDFWriter {
    static func render(_ document: SandboxDocument) -> Data {
        var text: [(size: Int, line: String)] = [
            (20, "\(document.title) \(document.number)"),
            (11, document.supplier.name + " - " + document.supplier.vatNumber),
            (11, ""),
            (11, "Customer: " + document.customerName),
        ]
        if let vat = document.customerVAT { text.append((11, "VAT: \(vat)")) }
        text.append((11, "Date: \(document.date)" + (document.dueOn.map { "   Due: \($0)" } ?? "")))
        if let credited = document.creditedNumber { text.append((11, "Credits invoice \(credited)")) }
        text.append((11, ""))
        for line in document.lines {
            text.append(
                (
                    10,
                    "\(line.quantity) x \(line.description) @ \(SandboxDocument.amount(line.unitPrice))"
                        + "  = \(SandboxDocument.amount(line.taxExclusive)) \(document.currency)"
                ))
        }
        text.append((11, ""))
        text.append((11, "Total excl. VAT: \(SandboxDocument.amount(document.taxExclusive)) \(document.currency)"))
        text.append((11, "VAT: \(SandboxDocument.amount(document.tax)) \(document.currency)"))
        text.append((14, "Total: \(SandboxDocument.amount(document.taxInclusive)) \(document.currency)"))
        if let reference = document.paymentReference { text.append((11, "Structured communication: \(reference)")) }
        if document.revision > 1 { text.append((9, "Revision \(document.revision)")) }

        var stream: [UInt8] = []
        var y = 790
        for (size, line) in text {
            for chunk in wrap(line, width: size >= 14 ? 60 : 90) {
                stream += Array("BT /F1 \(size) Tf 50 \(y) Td (".utf8) + encode(chunk) + Array(") Tj ET\n".utf8)
                y -= size + 6
            }
        }

        let objects: [[UInt8]] = [
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".utf8),
            Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8),
            Array("<< /Length \(stream.count) >>\nstream\n".utf8) + stream + Array("endstream".utf8),
            Array("<< /Title (".utf8) + encode("\(document.title) \(document.number)") + Array(") /Producer (tldrop sandbox) >>".utf8),
        ]
        // The comment of four high bytes tells transfer tools the file is binary.
        var out = Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(index + 1) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        let xref = out.count
        out += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets { out += Array(String(format: "%010d 00000 n \n", offset).utf8) }
        out += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 6 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return Data(out)
    }

    /// A PDF literal string in WinAnsi: parentheses and backslashes escaped, the rest mapped to
    /// Windows-1252 or `?`.
    static func encode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for character in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch character {
            case "(", ")", "\\": bytes += [0x5C, UInt8(character.value)]
            case _ where character.value >= 0x20 && character.value < 0x7F: bytes.append(UInt8(character.value))
            case _ where character.value >= 0xA0 && character.value <= 0xFF: bytes.append(UInt8(character.value))
            case "€": bytes.append(0x80)
            default: bytes.append(UInt8(ascii: "?"))
            }
        }
        return bytes
    }

    static func wrap(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        var chunks: [String] = []
        var rest = Substring(line)
        while !rest.isEmpty {
            chunks.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        return chunks
    }
}
