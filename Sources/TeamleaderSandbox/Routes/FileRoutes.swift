import Foundation
import Hummingbird

/// The temporary download links `*.download` hand out: `GET /_files/<token>` until the link expires.
/// Like a CDN link, it needs no bearer token; the document is rendered when fetched.
struct FileRoutes {
    let state: SandboxState

    /// The formats `*.download` serves, for invoices and credit notes alike.
    static let formats = ["pdf", "ubl/e-fff", "ubl/peppol_bis_3", "ubl/xrechnung"]

    /// The `refusedFormats` fault: Teamleader's answer when it cannot generate a format for a document.
    static func checkNotRefused(id: String, format: String, state: SandboxState.Inner) throws {
        if state.faults.refusedFormats[id]?.contains(format) == true {
            throw APIFailure.badRequest("The document could not be generated as \(format): it does not validate against the profile")
        }
    }

    /// Creates a link for a document and returns the documented `{location, expires}` body.
    static func grant(
        _ state: inout SandboxState.Inner, documentID: String, isCreditNote: Bool, format: String,
        context: EndpointContext
    ) -> JSONValue {
        let token = state.random.token(32)
        let expires = context.now + TimeInterval(context.state.configuration.downloadTTL.components.seconds)
        if state.downloads.count > 50_000 { state.downloads = state.downloads.filter { $0.value.expires > context.now } }
        state.downloads[token] = SandboxState.DownloadGrant(
            documentID: documentID, isCreditNote: isCreditNote, format: format, expires: expires)
        return .object([
            ("location", .string("\(context.urls.base)/_files/\(token)")),
            ("expires", .string(SandboxTime.format(expires))),
        ])
    }

    func register(on router: Router<SandboxContext>) {
        router.get("_files/:token") { request, context in
            if state.observe("files", userAgent: request.headers[.userAgent]) {
                return Reply.errors(429, "Too many requests", headers: [("Retry-After", "1")])
            }
            let token = context.parameters.get("token") ?? ""
            let now = Date()
            let found: (SandboxState.DownloadGrant, SandboxDocument?)? = state.withLock { state in
                guard let grant = state.downloads[token] else { return nil }
                let document: SandboxDocument? =
                    if grant.isCreditNote {
                        state.world.creditNotes.first { $0.id == grant.documentID }
                            .flatMap { SandboxDocument(creditNote: $0, world: state.world) }
                    } else {
                        state.world.invoiceIndex(grant.documentID)
                            .flatMap { SandboxDocument(invoice: state.world.invoices[$0], world: state.world) }
                    }
                return (grant, document)
            }
            guard let (grant, document) = found else {
                return Reply.html("<h1>404 Not Found</h1>", status: .notFound)
            }
            guard grant.expires > now else {
                return Reply.html("<h1>403 Forbidden</h1><p>Request has expired</p>", status: .forbidden)
            }
            guard let document else { return Reply.html("<h1>404 Not Found</h1>", status: .notFound) }
            return Self.render(document, format: grant.format, behaviour: state.configuration.behaviour)
        }
    }

    static func render(_ document: SandboxDocument, format: String, behaviour: SandboxBehaviour) -> Response {
        let rendered = Self.document(document, format: format, behaviour: behaviour)
        return Reply.bytes(rendered.bytes, contentType: rendered.contentType)
    }

    static func document(_ document: SandboxDocument, format: String, behaviour: SandboxBehaviour = .kind) -> (bytes: Data, contentType: String) {
        switch format {
        case "ubl/peppol_bis_3":
            // Some Peppol documents embed their PDF and some do not: free, so a client must cope with both.
            let embeds = behaviour.peppolEmbedsPDF ?? (document.number.utf8.reduce(0) { $0 &+ Int($1) } % 2 == 0)
            return (
                UBLWriter.render(document, profile: embeds ? .peppolBIS3(pdf: PDFWriter.render(document)) : .peppolBIS3(pdf: nil)), "application/xml"
            )
        case "ubl/xrechnung":
            return (UBLWriter.render(document, profile: .xrechnung), "application/xml")
        case "ubl/e-fff":
            return (UBLWriter.render(document, profile: .efff(pdf: PDFWriter.render(document))), "application/xml")
        default:
            return (PDFWriter.render(document), "application/pdf")
        }
    }
}
