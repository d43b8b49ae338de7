import DropFiles
import DropIndex
import DropValues
import Foundation
import TeamleaderAPI

/// Downloads the formats a document is written in, each on its own: a format Teamleader refuses (a
/// structured one it cannot generate for this document, typically) is reported, never blocks the
/// others. UBL formats come first, so that when one embeds the document's PDF (e-fff always does) the
/// PDF is taken from it instead of downloaded again: one download call per document.
struct FormatFetcher: Sendable {
    let client: TeamleaderClient
    let configuration: AgentConfiguration

    init(client: TeamleaderClient, configuration: AgentConfiguration) {
        self.client = client
        self.configuration = configuration
    }

    struct Refusal: Sendable, Equatable {
        var format: DocumentFormat
        var reason: String
    }

    struct Result: Sendable {
        var downloads: [(format: DocumentFormat, name: String, bytes: Data, sha: String)] = []
        var refusals: [Refusal] = []
    }

    func fetch(_ document: RemoteDocument, targets: [(format: DocumentFormat, name: String)]) async throws -> Result {
        var result = Result()
        var embedded: Data?
        let ordered = targets.filter { $0.format.isStructured } + targets.filter { !$0.format.isStructured }
        for target in ordered {
            let bytes: Data
            if target.format == .pdf, let embedded {
                bytes = embedded
            } else {
                do {
                    bytes = try await download(document, format: target.format)
                } catch let error as TeamleaderError {
                    guard let reason = error.refusalWords else { throw error }
                    result.refusals.append(Refusal(format: target.format, reason: reason))
                    continue
                }
            }
            if target.format.isStructured, embedded == nil, configuration.sync.pdfFromUBL,
                targets.contains(where: { $0.format == .pdf })
            {
                embedded = UBLDocument.read(bytes)?.embeddedPDF
            }
            result.downloads.append((target.format, target.name, bytes, DurableFile.sha256(bytes)))
        }
        // Back in the configured order, as the index and the reports list them.
        let order = Dictionary(uniqueKeysWithValues: targets.enumerated().map { ($1.format, $0) })
        result.downloads.sort { (order[$0.format] ?? 0) < (order[$1.format] ?? 0) }
        return result
    }

    func download(_ document: RemoteDocument, format: DocumentFormat) async throws -> Data {
        switch document.kind {
        case .invoice: return try await client.downloadInvoice(id: document.id, format: format)
        case .creditNote: return try await client.downloadCreditNote(id: document.id, format: format)
        }
    }
}
