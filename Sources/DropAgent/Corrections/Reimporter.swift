import Archives
import DropFiles
import DropIndex
import DropValues
import Foundation
import Logging
import TeamleaderAPI
import Wording

/// What a re-import did.
package struct ReimportResult: Sendable, Equatable {
    package enum Change: Sendable, Equatable {
        /// Teamleader had other bytes: they are the document's new revision.
        case newRevision(Int)
        /// Teamleader has the bytes tldrop sent: nothing moved (files deleted here were written again).
        case unchanged(revision: Int, written: [String])
    }

    package var number: String
    package var company: String
    package var change: Change
    /// The document's files now, by name.
    package var files: [String]

    /// One line for the command line.
    package var summary: String {
        switch change {
        case .newRevision(let revision):
            return "Re-imported \(number) (\(company)) as revision \(revision): \(files.joined(separator: ", "))"
        case .unchanged(let revision, let written) where written.isEmpty:
            return "\(number) (\(company)) is unchanged in Teamleader (revision \(revision)); nothing moved"
        case .unchanged(let revision, let written):
            return "\(number) (\(company)) is unchanged in Teamleader (revision \(revision)); written again: \(written.joined(separator: ", "))"
        }
    }
}

/// Re-imports a document: downloads its current version from Teamleader. The same bytes as the current
/// revision make no new revision (only files the admin deleted are written again); other bytes become
/// the next revision: the old loose files go to the month's archive under `superseded/`, an archived
/// old revision is marked superseded (its member moves under `superseded/` when the new one is packed
/// beside it), and the new files are published durably under their names. The document keeps its id,
/// so its payment link is kept. Nothing here removes a file it did not replace.
struct Reimporter {
    let context: AgentContext
    let archiveBuilder: ArchiveBuilder

    init(context: AgentContext) {
        self.context = context
        archiveBuilder = ArchiveBuilder(format: context.configuration.archive.format)
    }

    private var index: DropIndex { context.index }
    private var layout: RootLayout { context.layout }

    enum Failure: Error, CustomStringConvertible {
        case goneFromTeamleader(String)
        case conflict(String)

        var description: String {
            switch self {
            case .goneFromTeamleader(let number): return "Teamleader no longer lists \(number) as booked; nothing was changed"
            case .conflict(let name): return "'\(name)' exists with other content; nothing was overwritten"
            }
        }

        /// For a folder file (a marker's `.failed`): in the configured language.
        var words: Words {
            switch self {
            case .goneFromTeamleader(let number): return Words(.reimportGone, number)
            case .conflict(let name): return Words(.reimportConflict, name)
            }
        }
    }

    typealias Download = (format: DocumentFormat, name: String, bytes: Data, sha: String)

    /// The index key of a re-import asked for by `tldrop reimport` and not yet finished.
    static let intentPrefix = "reimport.pending."
    static func intentKey(_ documentId: String) -> String { intentPrefix + documentId }

    func reimport(_ document: DocumentRecord) async throws -> ReimportResult {
        let listing = RemoteListing(client: context.client, kind: document.kind, departmentId: document.departmentId)
        guard let current = try await listing.byIds([document.id]).documents.first else {
            throw Failure.goneFromTeamleader(document.number)
        }
        let targets = DocumentTargets(configuration: context.configuration).targets(for: current)
        // Each format on its own: one Teamleader refuses is recorded and asked for again later.
        let fetched = try await FormatFetcher(client: context.client, configuration: context.configuration).fetch(current, targets: targets)
        for refusal in fetched.refusals {
            try await index.recordRefusal(documentId: document.id, format: refusal.format, reason: refusal.reason)
        }
        let revision = try await index.allFiles(documentId: document.id).filter { $0.revision == document.revision && $0.state != .superseded }
        var record = current.record(company: document.company)
        record.firstSeenAt = document.firstSeenAt
        record.mirroredAt = document.mirroredAt
        if Self.sameBytes(fetched.downloads, as: revision) {
            record.revision = document.revision
            return try await keep(document, record: record, revision: revision, downloads: fetched.downloads)
        }
        record.revision = document.revision + 1
        return try await replace(document, record: record, old: revision, downloads: fetched.downloads)
    }

    /// Whether every download is a file of the revision, by format, name and bytes.
    static func sameBytes(_ downloads: [Download], as revision: [DocumentFileRecord]) -> Bool {
        guard !downloads.isEmpty else { return false }
        return downloads.allSatisfy { download in
            revision.contains {
                $0.format == download.format && $0.sha256 == download.sha && ($0.path as NSString).lastPathComponent == download.name
            }
        }
    }

    /// Teamleader has the bytes of the current revision: nothing moves. A file the admin deleted (seen
    /// by a run, or not yet) is written again from these bytes, identical to what was recorded; the
    /// rest stays where it is.
    private func keep(
        _ document: DocumentRecord, record: DocumentRecord, revision: [DocumentFileRecord], downloads: [Download]
    ) async throws -> ReimportResult {
        let folder = layout.companyFolder(document.company)
        var written: [String] = []
        for file in revision where file.state == .deleted || file.state == .published {
            let url = layout.absolute(file.path)
            if file.state == .published, FileManager.default.fileExists(atPath: url.path) { continue }
            let name = (file.path as NSString).lastPathComponent
            guard let download = downloads.first(where: { $0.name == name && $0.sha == file.sha256 }) else { continue }
            try DurableFile.makeDirectory(folder)
            if case .conflict = try await blocking({ try DurableFile.publish(download.bytes, in: folder, name: name) }) {
                throw Failure.conflict(name)
            }
            try await index.setFileState(
                id: try file.persistedID, .published,
                event: EventRecord(documentId: document.id, kind: .restored, detail: "\(name) written again by a re-import (same bytes)"))
            written.append(name)
        }
        let detail =
            "Teamleader has the same version as revision \(document.revision); nothing moved"
            + (written.isEmpty ? "" : " (written again: \(written.joined(separator: ", ")))")
        try await index.acknowledgeRemoteVersion(record, event: EventRecord(documentId: document.id, kind: .reimportUnchanged, detail: detail))
        context.logger.info("re-import found the same version", metadata: ["number": "\(document.number)", "revision": "\(document.revision)"])
        return ReimportResult(
            number: document.number, company: document.company, change: .unchanged(revision: document.revision, written: written),
            files: revision.map { ($0.path as NSString).lastPathComponent })
    }

    /// Other bytes: the old revision is superseded, the new one published under the names.
    private func replace(
        _ document: DocumentRecord, record: DocumentRecord, old: [DocumentFileRecord], downloads: [Download]
    ) async throws -> ReimportResult {
        let folder = layout.companyFolder(document.company)
        try await supersede(document, files: old)
        CrashPoint.hit("mid-reimport")
        let files = downloads.map { download in
            DocumentFileRecord(
                documentId: document.id, revision: record.revision, format: download.format,
                path: layout.relative(folder.appendingPathComponent(download.name)), sha256: download.sha, size: Int64(download.bytes.count))
        }
        try DurableFile.makeDirectory(folder)
        try await index.beginPublishing(record, files: files)
        if let taken = try await DurableFile.publishDocument(downloads.map { (data: $0.bytes, name: $0.name) }, in: folder).taken {
            throw Failure.conflict(taken)
        }
        try await index.finishPublishing(
            documentId: document.id, event: .reimported, detail: "revision \(record.revision): " + downloads.map(\.name).joined(separator: ", "))
        try await index.acknowledgeRemoteVersion(record, event: nil)
        context.logger.info("document re-imported", metadata: ["number": "\(document.number)", "revision": "\(record.revision)"])
        return ReimportResult(
            number: document.number, company: document.company, change: .newRevision(record.revision), files: downloads.map(\.name))
    }

    /// Sets the old revision aside: loose files (with the bytes recorded) into the month's archive under
    /// `superseded/r<revision>/`, then removed; archived ones marked superseded where they are; ones the
    /// admin deleted have no copy to keep and are superseded all the same.
    func supersede(_ document: DocumentRecord, files old: [DocumentFileRecord]) async throws {
        var additions: [PlannedMember] = []
        for file in old where file.state == .published {
            let url = layout.absolute(file.path)
            guard let sha = try? DurableFile.sha256(of: url), sha == file.sha256 else { continue }
            additions.append(
                PlannedMember(
                    member: "superseded/r\(file.revision)/\((file.path as NSString).lastPathComponent)", file: url, sha256: sha,
                    size: file.size, modified: file.publishedAt ?? file.createdAt, kind: .superseded, documentFileId: file.id))
        }
        if !additions.isEmpty {
            let archive = ArchiveStage.archiveURL(
                layout: layout, configuration: context.configuration, company: document.company, month: Month(document.documentDate))
            let relative = layout.relative(archive)
            let members = try archiveBuilder.rebuild(archive, recorded: try await index.archiveMembers(archive: relative), additions: additions)
                .members
                .map { member -> ArchiveMemberRecord in
                    var member = member
                    member.archive = relative
                    return member
                }
            try await index.recordArchive(
                relative, members: members, files: additions.compactMap(\.documentFileId).map { ($0, FileState.superseded) }, events: [])
            CrashPoint.hit("before-superseded-removal")
            try ArchiveStage.removeLoose(additions.map(\.file), folder: layout.companyFolder(document.company))
        }
        for file in old where !additions.contains(where: { $0.documentFileId == file.id }) && file.state != .superseded {
            try await index.setFileState(id: try file.persistedID, .superseded, event: nil)
        }
    }
}

extension Reimporter.Failure: ExitStatusCarrying {
    var exitStatus: ExitStatus { .dataError }
}
