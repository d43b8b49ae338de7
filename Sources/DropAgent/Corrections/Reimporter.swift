import Archives
import DropIndex
import Foundation
import Logging
import TeamleaderAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Re-imports a document: downloads its current version, keeps the old files in the month's archive
/// under `superseded/`, publishes the new ones durably, bumps the revision. The document keeps its id,
/// so its payment link is kept.
struct Reimporter {
    let layout: RootLayout
    let index: DropIndex
    let configuration: AgentConfiguration
    let client: TeamleaderClient
    let logger: Logger

    enum Failure: Error, CustomStringConvertible {
        case goneFromTeamleader(String)
        case conflict(String)

        var description: String {
            switch self {
            case .goneFromTeamleader(let number): return "Teamleader no longer lists \(number) as booked; nothing was changed"
            case .conflict(let name): return "'\(name)' exists with other content; nothing was overwritten"
            }
        }
    }

    /// - Returns: the new files' names.
    @discardableResult
    func reimport(_ document: DocumentRecord) async throws -> [String] {
        let listing = RemoteListing(client: client, kind: document.kind, departmentId: document.departmentId)
        guard let current = try await listing.byIds([document.id]).documents.first else {
            throw Failure.goneFromTeamleader(document.number)
        }
        let folder = layout.companyFolder(document.company)
        let targets = DocumentTargets(configuration: configuration).targets(for: current)
        // Each format on its own: one Teamleader refuses is recorded and asked for again later.
        let fetched = try await FormatFetcher(client: client, configuration: configuration).fetch(current, targets: targets)
        let downloads = fetched.downloads.map { (format: $0.format, name: $0.name, bytes: $0.bytes) }
        for refusal in fetched.refusals {
            try await index.recordRefusal(documentId: document.id, format: refusal.format.rawValue, reason: refusal.reason)
        }
        try await supersede(document)
        CrashPoint.hit("mid-reimport")
        var record = current.record(company: document.company)
        record.revision = document.revision + 1
        record.firstSeenAt = document.firstSeenAt
        record.mirroredAt = document.mirroredAt
        let files = downloads.map { download in
            DocumentFileRecord(
                documentId: document.id, revision: record.revision, format: download.format.rawValue,
                path: layout.relative(folder.appendingPathComponent(download.name)), sha256: DurableFile.sha256(download.bytes),
                size: Int64(download.bytes.count))
        }
        try await index.beginPublishing(record, files: files)
        for download in downloads {
            if case .conflict = try DurableFile.publish(download.bytes, in: folder, name: download.name, syncingDirectory: false) {
                throw Failure.conflict(download.name)
            }
        }
        try DurableFile.syncDirectory(folder)
        try await index.finishPublishing(
            documentId: document.id, event: .reimported,
            detail: "revision \(record.revision): " + downloads.map(\.name).joined(separator: ", "))
        logger.info("document re-imported", metadata: ["number": "\(document.number)", "revision": "\(record.revision)"])
        return downloads.map(\.name)
    }

    /// Moves the document's current loose files into its month's archive under `superseded/`.
    func supersede(_ document: DocumentRecord) async throws {
        let old = try await index.files(documentId: document.id, states: [.published])
        var additions: [PlannedMember] = []
        for file in old {
            let url = layout.absolute(file.path)
            guard let sha = try? DurableFile.sha256(of: url), sha == file.sha256 else { continue }
            additions.append(
                PlannedMember(
                    member: "superseded/r\(file.revision)/\((file.path as NSString).lastPathComponent)", file: url, sha256: sha,
                    size: file.size, modified: file.publishedAt ?? file.createdAt, kind: .superseded, documentFileId: file.id))
        }
        let stage = ArchiveStage(layout: layout, index: index, configuration: configuration, logger: logger)
        if !additions.isEmpty {
            let archive = stage.archiveURL(company: document.company, month: Month(document.documentDate))
            let relative = layout.relative(archive)
            let members = try stage.builder.rebuild(archive, recorded: try await index.archiveMembers(archive: relative), additions: additions)
                .members
                .map { member -> ArchiveMemberRecord in
                    var member = member
                    member.archive = relative
                    return member
                }
            try await index.recordArchive(
                relative, members: members, files: additions.compactMap(\.documentFileId).map { ($0, FileState.superseded) }, events: [])
        }
        // Files the admin deleted before the re-import have no copy to keep; they are superseded all the same.
        for file in old where !additions.contains(where: { $0.documentFileId == file.id }) {
            try await index.setFileState(id: file.id ?? 0, .superseded, event: nil)
        }
        try await stage.removeArchivedLooseFiles(company: document.company)
    }
}

extension Reimporter.Failure: ExitStatusCarrying {
    var exitStatus: ExitStatus { .dataError }
}
