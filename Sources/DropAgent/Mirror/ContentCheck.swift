import DropIndex
import DropValues
import Foundation
import Logging
import TeamleaderAPI

/// Tells an edit from a change of `updated_at` alone (a Peppol status, a reminder sent, an internal
/// note): `invoices.info` is read once for that `updated_at`, and its lines and totals are compared
/// with the content last seen, which is the UBL file that was sent, or what an earlier check read.
struct ContentCheck: Sendable {
    let context: AgentContext
    let logger: Logger

    /// True when the content changed. A credit note (whose `info` carries no lines) and a document
    /// sent without UBL and never checked before have nothing to compare with: they are not reported,
    /// and the content read now becomes what later checks compare with.
    func changed(_ document: RemoteDocument, record: DocumentRecord) async throws -> Bool {
        guard document.kind == .invoice else { return false }
        let info: Invoice
        do {
            info = try await context.client.invoice(id: document.id)
        } catch let error as TeamleaderError where !error.isTransient && !error.isLinkBroken {
            logger.info("content check skipped", metadata: ["document": "\(document.number)", "error": "\(error)"])
            return false
        }
        let now = ContentSummary(info: info).fingerprint
        var before = record.contentFingerprint
        if before == nil { before = try await sentContent(record) }
        try await context.index.setContentFingerprint(documentId: record.id, now, remoteUpdatedAt: document.updatedAt)
        guard let before else { return false }
        return before != now
    }

    /// The content of the UBL file of the current revision, while it is still loose in the outbox.
    private func sentContent(_ record: DocumentRecord) async throws -> String? {
        let files = try await context.index.files(documentId: record.id)
        for file in files where file.format != .pdf {
            guard let data = try? Data(contentsOf: context.layout.absolute(file.path)), let ubl = UBLDocument.read(data) else { continue }
            return ContentSummary(ubl: ubl).fingerprint
        }
        return nil
    }
}
