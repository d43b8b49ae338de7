import DropFiles
import DropIndex
import DropValues
import Foundation
import TeamleaderAPI
import Wording

/// Asks again for formats Teamleader refused whose back-off is over (a day for the first week, then a
/// week), and adds those that come to the document's current revision, published like any file.
struct FormatRetry: Sendable {
    let context: AgentContext
    let company: ResolvedCompany

    var index: DropIndex { context.index }

    func retryDue(kind: DocumentKind, listing: RemoteListing, report: inout CompanyMirrorReport) async throws {
        let due = Dictionary(grouping: try await index.dueRefusals(departmentId: company.departmentId, kind: kind), by: \.documentId)
        guard !due.isEmpty else { return }
        let current = try await listing.byIds(due.keys.sorted())
        let stored = try await index.documents(ids: due.keys.sorted())
        for document in current.documents {
            guard let refusals = due[document.id], let record = stored[document.id] else { continue }
            // A document that changed after it was sent gets its late formats with its re-import.
            guard !record.changedAfterSending, record.state == .mirrored else { continue }
            let wanted = Set(refusals.map(\.format))
            let targets = DocumentTargets(configuration: context.configuration).targets(for: document, as: record)
                .filter { wanted.contains($0.format) }
            let fetched = try await FormatFetcher(client: context.client, configuration: context.configuration).fetch(document, targets: targets)
            for refusal in fetched.refusals {
                try await index.recordRefusal(documentId: document.id, format: refusal.format, reason: refusal.reason)
            }
            for download in fetched.downloads {
                try await add(download, to: record, report: &report)
            }
        }
    }

    private func add(
        _ download: (format: DocumentFormat, name: String, bytes: Data, sha: String), to record: DocumentRecord,
        report: inout CompanyMirrorReport
    ) async throws {
        let folder = context.layout.companyFolder(company.name)
        let file = DocumentFileRecord(
            documentId: record.id, revision: record.revision, format: download.format,
            path: context.layout.relative(folder.appendingPathComponent(download.name)), sha256: download.sha,
            size: Int64(download.bytes.count))
        try await index.beginAddingFile(file)
        switch try await blocking({ try DurableFile.publish(download.bytes, in: folder, name: download.name) }) {
        case .published, .identical:
            try await index.finishPublishing(documentId: record.id, event: .formatReceived, detail: "\(download.format): \(download.name)")
            try await index.clearRefusal(documentId: record.id, format: download.format)
            report.formatsReceived.append("\(record.number): \(download.format)")
        case .conflict:
            try await index.abandonPendingFiles(documentId: record.id)
            try await index.recordRefusal(
                documentId: record.id, format: download.format,
                reason: Words(.formatNameTaken, download.name).stored)
        }
    }
}
