import DropIndex
import DropValues
import TeamleaderAPI

/// The files a document is written as: one per configured format, named by `DocumentNamer`. Invoices
/// and credit notes both come in every format (pdf, e-fff, Peppol BIS 3, XRechnung) since
/// specification 1.170.
struct DocumentTargets {
    let configuration: AgentConfiguration

    func targets(for document: RemoteDocument) -> [(format: DocumentFormat, name: String)] {
        targets(kind: document.kind, date: document.date, number: document.number, customer: document.customer)
    }

    /// Named as the document was sent (the index's record), for a format that comes late.
    func targets(for document: RemoteDocument, as sent: DocumentRecord) -> [(format: DocumentFormat, name: String)] {
        targets(kind: document.kind, date: sent.documentDate, number: sent.number, customer: sent.customer)
    }

    private func targets(kind: DocumentKind, date: CalendarDate, number: String, customer: String) -> [(format: DocumentFormat, name: String)] {
        let extensions = DocumentNamer.extensions(for: configuration.formats)
        return configuration.formats.map { format in
            (
                format,
                DocumentNamer.name(date: date.description, number: number, customer: customer, kind: kind, extension: extensions[format] ?? "bin")
            )
        }
    }
}
