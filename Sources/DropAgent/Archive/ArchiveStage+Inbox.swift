import Archives
import DropFiles
import DropIndex
import DropValues
import Foundation

extension ArchiveStage {
    /// Packs `Inbox/Processed/<YYYY-MM>/` folders of closed months into `Inbox/Processed/<YYYY-MM>.<ext>`,
    /// then removes the loose files and the empty folder.
    func packInbox(onlyMonth: Month?, report: inout ArchiveReport) async throws {
        let processed = layout.processed
        guard let months = try? FileManager.default.contentsOfDirectory(atPath: processed.path) else { return }
        for month in months.compactMap({ Month($0) }).sorted() {
            guard onlyMonth.map({ $0 == month }) ?? (month < cutoff) else { continue }
            let folder = processed.appendingPathComponent(month.description, isDirectory: true)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let directory = try RawDirectory(folder)
            var additions: [PlannedMember] = []
            for name in try directory.names() where !name.isHidden {
                guard let info = directory.status(name), (info.st_mode & S_IFMT) == S_IFREG else { continue }
                // The member is named so that any archive reader takes it as one plain name; the file is
                // read by its own bytes.
                additions.append(
                    PlannedMember(
                        member: name.memberName, file: folder.appendingPathComponent(name.description), raw: (directory, name), sha256: nil,
                        size: Int64(info.st_size), modified: Date(timeIntervalSince1970: TimeInterval(info.modified.tv_sec)), kind: .inbox))
            }
            guard !additions.isEmpty else {
                rmdir(folder.path)
                continue
            }
            let archive = processed.appendingPathComponent("\(month).\(configuration.archive.format.fileExtension)")
            let relative = layout.relative(archive)
            let members = try builder.rebuild(archive, recorded: try await index.archiveMembers(archive: relative), additions: additions).members
                .map { member -> ArchiveMemberRecord in
                    var member = member
                    member.archive = relative
                    return member
                }
            try await index.recordArchive(relative, members: members, files: [], events: [])
            for addition in additions { try addition.raw.map { try $0.folder.remove($0.name) } }
            rmdir(folder.path)
            try DurableFile.syncDirectory(processed)
            report.archives.append(relative)
            report.inboxFilesArchived += additions.count
        }
    }
}
