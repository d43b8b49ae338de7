import AsyncHTTPClient
import DropValues
import Foundation
import TeamleaderSandbox
import Testing

@testable import TeamleaderAPI

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct DownloadTests {
    @Test func downloadedFilesMatchWhatTheSandboxServes() async throws {
        try await withHarness { harness in
            let invoice = try #require(try await harness.client.invoices(filter: InvoiceFilter(status: [.outstanding])).items.first)
            for format in DocumentFormat.all {
                let bytes = try await harness.client.downloadInvoice(id: invoice.id, format: format)
                #expect(bytes == harness.sandbox.documentBytes(id: invoice.id, format: format.rawValue))
            }
            // Credit notes come in every format too (specification 1.170 and later).
            let note = try #require(try await harness.client.creditNotes().items.first)
            for format in DocumentFormat.all {
                let bytes = try await harness.client.downloadCreditNote(id: note.id, format: format)
                #expect(bytes == harness.sandbox.documentBytes(id: note.id, format: format.rawValue))
            }
        }
    }

    @Test func thePDFIsStructurallyValidAndShowsTheInvoice() async throws {
        try await withHarness { harness in
            let invoice = try #require(try await harness.client.invoices(filter: InvoiceFilter(status: [.outstanding])).items.first)
            let pdf = try await harness.client.downloadInvoice(id: invoice.id, format: .pdf)
            try PDFStructure.check(pdf)
            let text = String(decoding: pdf, as: UTF8.self)
            #expect(text.contains("Invoice \(invoice.invoiceNumber!)"))
            #expect(text.contains("\(invoice.total.payable.amount)"))
        }
    }

    @Test func theUBLCarriesIdentifierDatePaymentIDAndTotals() async throws {
        try await withHarness { harness in
            let invoice = try #require(try await harness.client.invoices(filter: InvoiceFilter(status: [.outstanding])).items.first)
            for format in [DocumentFormat.ublPeppolBis3, .ublEfff] {
                let xml = try await harness.client.downloadInvoice(id: invoice.id, format: format)
                let fields = try UBLFields.read(xml)
                #expect(fields["cbc:ID"] == invoice.invoiceNumber)
                #expect(fields["cbc:IssueDate"] == invoice.invoiceDate?.description)
                #expect(fields["cbc:PaymentID"] == invoice.paymentReference)
                #expect(fields["cbc:PayableAmount"].flatMap { Decimal(string: $0) } == invoice.total.payable.amount)
            }
        }
    }

    @Test func anExpiredLinkIsRefused() async throws {
        var configuration = SandboxConfiguration.test()
        configuration.downloadTTL = .seconds(1)
        try await withHarness(configuration) { harness in
            let invoice = try #require(try await harness.client.invoices(filter: InvoiceFilter(status: [.outstanding])).items.first)
            let link = try await harness.client.invoiceDownloadLink(id: invoice.id, format: .pdf)
            #expect(link.expires != nil)
            try await Task.sleep(for: .milliseconds(2100))
            do {
                _ = try await harness.client.fetch(location: link.location, label: "download")
                Issue.record("an expired link still served the file")
            } catch TeamleaderError.rejected(_, let status, _) {
                #expect(status == 403)
            }
        }
    }
}

/// Checks a PDF's skeleton: header, objects where the cross-reference table says they are, a
/// trailer naming the catalog, `startxref` pointing at `xref`, and the end marker.
enum PDFStructure {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ pdf: Data) throws {
        let bytes = [UInt8](pdf)
        let text = String(decoding: bytes.map { $0 < 0x80 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
        guard text.hasPrefix("%PDF-1.") else { throw Failure(description: "no %PDF header") }
        guard text.hasSuffix("%%EOF\n") || text.hasSuffix("%%EOF") else { throw Failure(description: "no %%EOF") }
        guard let startRange = text.range(of: "startxref\n", options: .backwards),
            let xrefOffset = Int(text[startRange.upperBound...].prefix { $0.isNumber })
        else { throw Failure(description: "no startxref") }
        let xref = String(text.utf8.dropFirst(xrefOffset).prefix(4))!
        guard xref == "xref" else { throw Failure(description: "startxref does not point at xref") }
        let lines = text.utf8.dropFirst(xrefOffset).split(separator: UInt8(ascii: "\n")).map { String($0)! }
        let count = Int(lines[1].split(separator: " ")[1])!
        for index in 1..<count {
            let entry = lines[2 + index]
            guard entry.count == 19 || entry.count == 18, entry.hasSuffix(" n") || entry.hasSuffix(" n ") else {
                throw Failure(description: "bad xref entry '\(entry)'")
            }
            let offset = Int(entry.prefix(10))!
            let object = String(text.utf8.dropFirst(offset).prefix("\(index) 0 obj".utf8.count))!
            guard object == "\(index) 0 obj" else { throw Failure(description: "object \(index) is not at \(offset)") }
        }
        guard text.contains("/Root 1 0 R"), text.contains("/Type /Catalog"), text.contains("/Type /Page ") else {
            throw Failure(description: "no catalog or page")
        }
    }
}

/// Collects the text of the first occurrence of each element of a UBL document.
final class UBLFields: NSObject, XMLParserDelegate {
    private var fields: [String: String] = [:]
    private var current = ""
    private var stack: [String] = []

    static func read(_ data: Data) throws -> [String: String] {
        let reader = UBLFields()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else { throw parser.parserError ?? PDFStructure.Failure(description: "bad XML") }
        return reader.fields
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:])
    {
        stack.append(name)
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        // Top-level ID is the document's; nested IDs (lines, parties) come deeper.
        if fields[name] == nil, name != "cbc:ID" || stack.count == 2 { fields[name] = current }
        stack.removeLast()
    }
}
