import Archives
import DropIndex
import Foundation
import Logging
import ServiceLifecycle
import TeamleaderAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the archive stage did.
package struct ArchiveReport: Codable, Sendable, Equatable {
    /// Archives written, relative to the root, with how many members they hold now.
    package var archives: [String] = []
    package var documentsArchived = 0
    package var inboxFilesArchived = 0
    /// Loose files left out because their bytes no longer match the index (edited by hand).
    package var leftLoose: [String] = []

    package init() {}
}

/// Packs closed months: each company's documents older than `archive.keep_months` into
/// `Outbox/<Company>/Archive/<YYYY-MM>.<ext>`, processed inbox files into `Inbox/Processed/<YYYY-MM>.<ext>`.
/// Loose files are removed only once the verified archive is in place and recorded.
struct ArchiveStage {
    let layout: RootLayout
    let index: DropIndex
    let configuration: AgentConfiguration
    let logger: Logger
    var today = CalendarDate(Date(), timeZone: .current)

    /// The first month that stays loose: keep_months 2 keeps this month and last month.
    var cutoff: Month { Month(today).adding(months: -(configuration.archive.keepMonths - 1)) }

    var builder: ArchiveBuilder { ArchiveBuilder(format: configuration.archive.format) }

    /// - Parameter onlyMonth: pack this month only (`tldrop archive --month`), even if still open.
    func run(onlyMonth: Month? = nil) async throws -> ArchiveReport {
        var report = ArchiveReport()
        for company in configuration.companies.map(\.name) {
            try await removeArchivedLooseFiles(company: company)
            let limit = onlyMonth?.next ?? cutoff
            let loose = try await index.looseFiles(company: company, before: limit)
                .filter { onlyMonth == nil || Month($0.document.documentDate) == onlyMonth }
            for (month, files) in Dictionary(grouping: loose, by: { Month($0.document.documentDate) }).sorted(by: { $0.key < $1.key })
            where !Task.isShuttingDownGracefully {
                try await pack(company: company, month: month, files: files, report: &report)
            }
        }
        try await packInbox(onlyMonth: onlyMonth, report: &report)
        return report
    }

    /// The archive of a company's month.
    func archiveURL(company: String, month: Month) -> URL {
        layout.companyFolder(company).appendingPathComponent("Archive", isDirectory: true)
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
        let archive = archiveURL(company: company, month: month)
        let relative = layout.relative(archive)
        // Bytes that differ from the index were changed by hand: left loose and reported, not archived.
        let builder = self.builder
        let result = try builder.rebuild(archive, recorded: try await index.archiveMembers(archive: relative), additions: additions)
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
        try await index.recordArchive(
            relative, members: members, files: archivedIds.map { ($0, FileState.archived) },
            events: documents.sorted().map { EventRecord(documentId: $0, kind: .archived, detail: relative) })
        let recorded = ContinuousClock.now
        CrashPoint.hit("before-loose-removal")
        // Just checked in the verified archive: removed without reading them again.
        try removeLoose(additions.filter { archivedIds.contains($0.documentFileId ?? -1) }.map(\.file), folder: layout.companyFolder(company))
        report.archives.append(relative)
        report.documentsArchived += documents.count
        logger.info(
            "month archived",
            metadata: [
                "archive": "\(relative)", "members": "\(members.count)", "write": "\(builder.timings.write)",
                "verify": "\(builder.timings.verify)", "record": "\(recorded - built)", "remove": "\(ContinuousClock.now - recorded)",
            ])
    }

    /// Removes loose copies of files the index records as archived (or superseded), once their bytes
    /// match: what an interrupted run may have left.
    func removeArchivedLooseFiles(company: String) async throws {
        let folder = layout.companyFolder(company)
        var removed = false
        for state in [FileState.archived, .superseded] {
            for file in try await index.files(company: company, state: state) where file.archive != nil {
                let url = layout.absolute(file.path)
                guard FileManager.default.fileExists(atPath: url.path), (try? DurableFile.sha256(of: url)) == file.sha256 else { continue }
                guard unlink(url.path) == 0 else { throw FileError.posix("remove the archived '\(url.path)'", errno) }
                removed = true
            }
        }
        if removed { try DurableFile.syncDirectory(folder) }
    }

    func removeLoose(_ files: [URL], folder: URL) throws {
        guard !files.isEmpty else { return }
        // Freeing a file's blocks is most of an unlink: a few run side by side, then one folder sync.
        let slices = min(4, files.count)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            for file in stride(from: slice, to: files.count, by: slices).map({ files[$0] }) where unlink(file.path) != 0 && errno != ENOENT {
                return failures.note(FileError.posix("remove the archived '\(file.path)'", errno))
            }
        }
        if let failure = failures.first { throw failure }
        try DurableFile.syncDirectory(folder)
    }

    /// The first error of work that ran side by side.
    private final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var errors: [any Error] = []
        var first: (any Error)? { lock.withLock { errors.first } }
        func note(_ error: any Error) { lock.withLock { errors.append(error) } }
    }
}
