import Archives
import DropFiles
package import DropIndex
import DropValues
package import Foundation
import Logging
import PaymentFiles
import TeamleaderAPI

/// What `log`, `restore` and `reimport` do for one document named by its number.
package struct DocumentActions: Sendable {
    package let context: AgentContext

    package init(context: AgentContext) {
        self.context = context
    }

    /// A document and its timeline.
    package struct Timeline: Sendable {
        package var document: DocumentRecord
        package var events: [EventRecord]
        package var files: [DocumentFileRecord]
        package var payments: [PaymentRecord]
        /// Formats Teamleader refused for it, asked for again on a back-off.
        package var refusals: [FormatRefusalRecord]
    }

    /// Every document the number names (in `company` when given): one, none, or several companies'.
    package func matches(number: String, company: String?) async throws -> [DocumentRecord] {
        try await DocumentLookup(index: context.index).documents(number: number, company: company)
    }

    /// The whole timeline of the document `number` names (in `company` when it is not unique).
    package func timeline(number: String, company: String?) async throws -> Timeline {
        let document = try await DocumentLookup(index: context.index).document(number: number, company: company)
        let payments = try await context.index.payments(documentId: document.id)
        return Timeline(
            document: document, events: try await Self.merge(context.index.events(documentId: document.id), queued(payments)),
            files: try await context.index.allFiles(documentId: document.id), payments: payments,
            refusals: try await context.index.refusals(documentId: document.id))
    }

    /// The timeline entries of payments queued from inbox lines, read from the payments themselves.
    /// (Those named in review files have events of their own.)
    private func queued(_ payments: [PaymentRecord]) async throws -> [EventRecord] {
        var names: [Int64: String] = [:]
        var entries: [EventRecord] = []
        for payment in payments where payment.basis != .review {
            guard let fileId = payment.inboxFileId else { continue }
            if names[fileId] == nil { names[fileId] = try await context.index.inboxFile(id: fileId)?.name ?? "?" }
            let money = payment.amount.map { "\(DecimalText.money($0)) \(payment.currency ?? "")" } ?? "the open amount"
            entries.append(
                EventRecord(
                    documentId: payment.documentId, kind: .paymentQueued,
                    detail: "\(money) paid \(payment.paidAt), from '\(names[fileId] ?? "?")' line \(payment.line ?? 0)", at: payment.createdAt))
        }
        return entries
    }

    /// Both lists by time; on the same moment, events first.
    static func merge(_ events: [EventRecord], _ queued: [EventRecord]) -> [EventRecord] {
        var merged: [EventRecord] = []
        var rest = queued[...]
        for event in events {
            while let next = rest.first, next.at < event.at {
                merged.append(next)
                rest = rest.dropFirst()
            }
            merged.append(event)
        }
        return merged + rest
    }

    /// Re-imports the document `number` names: its current version from Teamleader (the same bytes move
    /// nothing), the old files kept under `superseded/` in the month's archive.
    /// The intent is recorded first, and cleared once done: a command killed half-way is finished by the
    /// next run's corrections, as a marker would be.
    package func reimport(number: String, company: String?) async throws -> ReimportResult {
        let document = try await DocumentLookup(index: context.index).document(number: number, company: company)
        let intent = Reimporter.intentKey(document.id)
        try await context.index.setState([intent: Timestamp.format(context.now())])
        let result = try await Reimporter(context: context).reimport(document)
        try await context.index.removeState([intent])
        return result
    }

    /// Copies the document's current files to `destination` (default: back into its company folder),
    /// from the folder or from the archive. Never replaces a file.
    /// - Returns: the paths written.
    package func restore(number: String, company: String?, to destination: URL?) async throws -> [String] {
        let document = try await DocumentLookup(index: context.index).document(number: number, company: company)
        let files = try await context.index.allFiles(documentId: document.id)
        guard let revision = files.filter({ $0.state != .superseded }).map(\.revision).max() else {
            throw RestoreError("\(document.number) has no file to restore")
        }
        let folder = destination ?? context.layout.companyFolder(document.company)
        try DurableFile.makeDirectory(folder)
        var written: [String] = []
        for file in files where file.revision == revision && file.state != .superseded {
            let name = (file.path as NSString).lastPathComponent
            let bytes: Data
            if let archive = file.archive, let member = file.member, file.state == .archived {
                let url = context.layout.absolute(archive)
                var found: Data?
                try ArchiveReader.forEachEntry(atPath: url.path) { entry in
                    if entry.path == member { found = entry.data }
                }
                guard let data = found else { throw RestoreError("'\(member)' is missing from '\(archive)'; run 'tldrop verify'") }
                bytes = data
            } else if let loose = try? Data(contentsOf: context.layout.absolute(file.path)), file.state == .published {
                bytes = loose
            } else {
                throw RestoreError(
                    "'\(name)' was deleted before it was archived, so tldrop keeps no copy; 'tldrop reimport \(document.number)' downloads it again")
            }
            guard DurableFile.sha256(bytes) == file.sha256 else {
                throw RestoreError("the copy of '\(name)' no longer has the bytes tldrop recorded; nothing was restored")
            }
            switch try DurableFile.publish(bytes, in: folder, name: name) {
            case .published: written.append(folder.appendingPathComponent(name).path)
            case .identical: continue
            case .conflict: throw RestoreError("'\(folder.appendingPathComponent(name).path)' exists with other content; nothing was overwritten")
            }
            // Put back into the company folder: the file is live again.
            if destination == nil, file.state == .deleted {
                try await context.index.setFileState(
                    id: try file.persistedID, .published, event: EventRecord(documentId: document.id, kind: .restored, detail: "\(name) restored"))
            }
        }
        return written
    }

    /// Re-reads every archive against the index.
    package func verify() async throws -> [ArchiveCheck] {
        let checks = try await ArchiveVerifier(layout: context.layout, index: context.index).verify()
        // What it found is what `tldrop_archives{verification=…}` says until the next check.
        for check in checks {
            let problem =
                check.isClean
                ? nil
                : check.unreadable
                    ?? "\(check.missing.count) missing, \(check.extra.count) extra, \(check.changed.count) changed"
            try await context.index.recordArchiveCheck(check.archive, clean: check.isClean, problem: problem)
        }
        return checks
    }
}

package struct RestoreError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}

extension RestoreError: ExitStatusCarrying {
    package var exitStatus: ExitStatus { .dataError }
}
