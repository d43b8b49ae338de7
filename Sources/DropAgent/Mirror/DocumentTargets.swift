import TeamleaderAPI

/// The files a document is written as: one per configured format, named by `DocumentNamer`.
struct DocumentTargets {
    let configuration: AgentConfiguration

    func targets(for document: RemoteDocument) -> [(format: DocumentFormat, name: String)] {
        let formats = configuration.formats
        let extensions = DocumentNamer.extensions(for: formats)
        // Teamleader serves credit notes as pdf and e-fff only.
        let usable = document.kind == .creditNote ? formats.filter { $0 != .ublPeppolBis3 } : formats
        return usable.map { format in
            (format, DocumentNamer.name(
                date: document.date.description, number: document.number, customer: document.customer,
                kind: document.kind, extension: extensions[format] ?? "bin"))
        }
    }
}
