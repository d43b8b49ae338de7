import Archives
import DropFiles
import DropIndex
import DropValues
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TeamleaderAPI

/// What the archive stage did.
package struct ArchiveReport: Codable, Sendable, Equatable {
    /// Archives written, relative to the root, with how many members they hold now.
    package var archives: [String] = []
    package var documentsArchived = 0
    package var inboxFilesArchived = 0
    /// Loose files left out because their bytes no longer match the index (edited by hand).
    package var leftLoose: [String] = []
    /// Documents of closed months kept loose until they have been there `archive.min_loose_days`.
    package var keptLoose = 0

    package init() {}
}

/// Packs closed months: each company's documents older than `archive.keep_months` into
/// `Outbox/<Company>/Archive/<YYYY-MM>.<ext>`, processed inbox files into `Inbox/Processed/<YYYY-MM>.<ext>`.
/// The portal takes loose files, so a document is packed by a run only once it has been loose for
/// `archive.min_loose_days` (a late or backfilled one too); `tldrop archive` given by hand packs at once.
/// Loose files are removed only once the verified archive is in place and recorded.
struct ArchiveStage {
    let context: AgentContext
    /// Pack closed months whatever `min_loose_days` says (`tldrop archive`).
    var atOnce = false
    let builder: ArchiveBuilder

    init(context: AgentContext, atOnce: Bool = false) {
        self.context = context
        self.atOnce = atOnce
        builder = ArchiveBuilder(format: context.configuration.archive.format)
    }

    var index: DropIndex { context.index }
    var layout: RootLayout { context.layout }
    var configuration: AgentConfiguration { context.configuration }

    /// The first month that stays loose: keep_months 2 keeps this month and last month.
    var cutoff: Month {
        Month(CalendarDate(context.now(), timeZone: .current)).adding(months: -(configuration.archive.keepMonths - 1))
    }

    /// - Parameter onlyMonth: pack this month only (`tldrop archive --month`), even if still open.
    func run(onlyMonth: Month? = nil) async throws -> ArchiveReport {
        var report = ArchiveReport()
        let looseSince = context.now().addingTimeInterval(-TimeInterval(configuration.archive.minLooseDays) * 86_400)
        for company in configuration.companies.map(\.name) {
            try await Self.removeArchivedLooseFiles(company: company, context: context)
            let limit = onlyMonth?.next ?? cutoff
            var loose = try await index.looseFiles(company: company, before: limit)
                .filter { onlyMonth == nil || Month($0.document.documentDate) == onlyMonth }
            if !atOnce {
                // The portal's watcher takes loose files: whatever has not been loose long enough stays.
                let recent = loose.filter { ($0.file.publishedAt ?? $0.file.createdAt) > looseSince }
                report.keptLoose += Set(recent.map(\.document.id)).count
                loose.removeAll { ($0.file.publishedAt ?? $0.file.createdAt) > looseSince }
            }
            for (month, files) in Dictionary(grouping: loose, by: { Month($0.document.documentDate) }).sorted(by: { $0.key < $1.key })
            where !Task.isShuttingDownGracefully {
                try await pack(company: company, month: month, files: files, report: &report)
            }
        }
        try await packInbox(onlyMonth: onlyMonth, report: &report)
        return report
    }

    /// The archive of a company's month.
    static func archiveURL(layout: RootLayout, configuration: AgentConfiguration, company: String, month: Month) -> URL {
        layout.archive(company: company)
            .appendingPathComponent("\(month).\(configuration.archive.format.fileExtension)")
    }

    private func pack(
        company: String, month: Month, files: [(file: DocumentFileRecord, document: DocumentRecord)], report: inout ArchiveReport
    ) async throws {
        let additions = files.map { file, _ in
            PlannedMember(
                member: (file.path as NSString).lastPathComponent, file: layout.absolute(file.path), sha256: file.sha256,
                size: file.size, modified: file.publishedAt ?? file.createdAt, kind: .document, documentFileId: file.id)
        }
        let archive = Self.archiveURL(layout: layout, configuration: configuration, company: company, month: month)
        let relative = layout.relative(archive)
        let recorded = try await index.archiveMembers(archive: relative)
        let renames = try await supersededMembers(recorded, makingRoomFor: additions)
        // Bytes that differ from the index were changed by hand: left loose and reported, not archived.
        let result = try builder.rebuild(archive, recorded: recorded, additions: additions, renames: renames)
        let built = ContinuousClock.now
        report.leftLoose += result.leftOut.map { layout.relative($0.file) }
        let members = result.members.map { member -> ArchiveMemberRecord in
            var member = member
            member.archive = relative
            return member
        }
        CrashPoint.hit("after-archive-rename")
        let archivedIds = Set(additions.filter { added in !result.leftOut.contains { $0.member == added.member } }.compactMap(\.documentFileId))
        let documents = Set(files.filter { archivedIds.contains($0.file.id ?? -1) }.map(\.document.id))
        let moved = renames.values.compactMap(\.documentFileId).map { ($0, FileState.superseded) }
        try await index.recordArchive(
            relative, members: members, files: archivedIds.map { ($0, FileState.archived) } + moved,
            events: documents.sorted().map { EventRecord(documentId: $0, kind: .archived, detail: relative) },
            dropping: renames.keys.filter { name in !members.contains { $0.member == name } })
        let recordedAt = ContinuousClock.now
        CrashPoint.hit("before-loose-removal")
        // Just checked in the verified archive: removed without reading them again.
        try Self.removeLoose(
            additions.filter { archivedIds.contains($0.documentFileId ?? -1) }.map(\.file), folder: layout.companyFolder(company))
        report.archives.append(relative)
        report.documentsArchived += documents.count
        context.logger.info(
            "month archived",
            metadata: [
                "archive": "\(relative)", "members": "\(members.count)", "write": "\(builder.timings.write)",
                "verify": "\(builder.timings.verify)", "record": "\(recordedAt - built)", "remove": "\(ContinuousClock.now - recordedAt)",
            ])
    }

    /// Members of a re-imported document's old revision that hold the name its new revision is packed
    /// under: they move to `superseded/r<revision>/<name>` in the same rebuild (only with the bytes
    /// recorded for them, so a rebuild after a crash never moves the new one).
    private func supersededMembers(
        _ recorded: [ArchiveMemberRecord], makingRoomFor additions: [PlannedMember]
    ) async throws -> [String: ArchiveBuilder.Rename] {
        let names = Set(additions.map(\.member))
        let clashing = recorded.filter { names.contains($0.member) && $0.kind == .document }
        guard !clashing.isEmpty else { return [:] }
        var renames: [String: ArchiveBuilder.Rename] = [:]
        for member in clashing {
            guard let id = member.documentFileId, let file = try await index.documentFile(id: id), file.state == .superseded,
                !additions.contains(where: { $0.documentFileId == id })
            else { continue }
            renames[member.member] = ArchiveBuilder.Rename(
                to: "superseded/r\(file.revision)/\(member.member)", sha256: member.sha256, documentFileId: id)
        }
        return renames
    }

    /// Removes loose copies of files the index records as archived (or superseded), once their bytes
    /// match: what an interrupted run may have left. A path a live file holds (a re-import's new
    /// revision under the same name, with the same bytes) is never touched.
    static func removeArchivedLooseFiles(company: String, context: AgentContext) async throws {
        let folder = context.layout.companyFolder(company)
        let live = Set(try await context.index.liveFiles(company: company).map(\.path))
        var removed = false
        for state in [FileState.archived, .superseded] {
            for file in try await context.index.files(company: company, state: state) where file.archive != nil && !live.contains(file.path) {
                let url = context.layout.absolute(file.path)
                guard FileManager.default.fileExists(atPath: url.path), (try? DurableFile.sha256(of: url)) == file.sha256 else { continue }
                guard unlink(url.path) == 0 else { throw FileError.posix("remove the archived '\(url.path)'", errno) }
                removed = true
            }
        }
        if removed { try DurableFile.syncDirectory(folder) }
    }

    static func removeLoose(_ files: [URL], folder: URL) throws {
        guard !files.isEmpty else { return }
        // Freeing a file's blocks is most of an unlink: a few run side by side, then one folder sync.
        let slices = min(4, files.count)
        let failures = Mutex<[any Error]>([])
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            for file in stride(from: slice, to: files.count, by: slices).map({ files[$0] }) where unlink(file.path) != 0 && errno != ENOENT {
                let error = FileError.posix("remove the archived '\(file.path)'", errno)
                return failures.withLock { $0.append(error) }
            }
        }
        if let failure = failures.withLock({ $0.first }) { throw failure }
        try DurableFile.syncDirectory(folder)
    }
}
