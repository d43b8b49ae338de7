import Archives
import DropFiles
import DropIndex
import Foundation

/// What `verify` found in one archive.
package struct ArchiveCheck: Codable, Sendable, Equatable {
    package var archive: String
    package var members: Int
    package var missing: [String] = []
    package var extra: [String] = []
    package var changed: [String] = []
    /// The archive could not be read at all (missing, truncated, corrupt).
    package var unreadable: String?
    /// Members a run packed and then stopped before recording (a kill or a power cut between the
    /// archive's rename and the index): their loose file is still beside the archive with the same
    /// bytes, so nothing is lost or doubled, and the next run records them. Not a problem.
    package var unrecorded: [String] = []

    package var isClean: Bool { missing.isEmpty && extra.isEmpty && changed.isEmpty && unreadable == nil }
}

/// Re-reads every archive against the index: members missing, extra or with other bytes.
struct ArchiveVerifier {
    let layout: RootLayout
    let index: DropIndex

    func verify() async throws -> [ArchiveCheck] {
        var archives = Set(try await index.archives())
        // Archives on disk the index does not know are reported too (all their members are extra).
        for folder in try archiveFolders() {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where ArchiveFormat(fileName: name) != nil {
                archives.insert(layout.relative(folder.appendingPathComponent(name)))
            }
        }
        var checks: [ArchiveCheck] = []
        for archive in archives.sorted() {
            let recorded = try await index.archiveMembers(archive: archive)
            var check = ArchiveCheck(archive: archive, members: recorded.count)
            let url = layout.absolute(archive)
            guard FileManager.default.fileExists(atPath: url.path) else {
                check.unreadable = "the archive is missing"
                checks.append(check)
                continue
            }
            let expected = Dictionary(recorded.map { ($0.member, $0.sha256) }, uniquingKeysWith: { a, _ in a })
            var seen = Set<String>()
            do {
                let formats = ArchiveFormat(fileName: url.lastPathComponent).map { [$0.readerFormat] } ?? ArchiveReader.Format.allCases
                try ArchiveReader.forEachEntry(atPath: url.path, formats: formats) { entry in
                    guard entry.kind == .file else { return }
                    seen.insert(entry.path)
                    guard let sha = expected[entry.path] else {
                        if looseFile(of: entry.path, archive: url).flatMap({ try? DurableFile.sha256(of: $0) }) == ArchiveBuilder.sha256(entry.data) {
                            check.unrecorded.append(entry.path)
                        } else {
                            check.extra.append(entry.path)
                        }
                        return
                    }
                    if ArchiveBuilder.sha256(entry.data) != sha { check.changed.append(entry.path) }
                }
            } catch {
                check.unreadable = "\(error)"
            }
            check.missing = expected.keys.filter { !seen.contains($0) }.sorted()
            checks.append(check)
        }
        return checks
    }

    /// Where a member was loose before it was packed: the company's folder for a month of documents
    /// (`Outbox/<Company>/Archive/<YYYY-MM>.zip`), the month's folder for processed inbox files
    /// (`Inbox/Processed/<YYYY-MM>.zip`). Nil for a member that is no plain name.
    private func looseFile(of member: String, archive: URL) -> URL? {
        guard !member.isEmpty, !member.contains("/"), member != "..", member != ".",
            let format = ArchiveFormat(fileName: archive.lastPathComponent)
        else { return nil }
        let folder = archive.deletingLastPathComponent()
        guard folder.standardizedFileURL.path == layout.processed.standardizedFileURL.path else {
            return folder.deletingLastPathComponent().appendingPathComponent(member)
        }
        let month = String(archive.lastPathComponent.dropLast(format.fileExtension.count + 1))
        return folder.appendingPathComponent(month, isDirectory: true).appendingPathComponent(member)
    }

    private func archiveFolders() throws -> [URL] {
        var folders = [layout.processed]
        for company in (try? FileManager.default.contentsOfDirectory(atPath: layout.outbox.path)) ?? [] {
            folders.append(layout.archive(company: company))
        }
        return folders
    }
}
