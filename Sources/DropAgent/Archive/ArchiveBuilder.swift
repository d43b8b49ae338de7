import Archives
import Crypto
import DropIndex
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A member to add to an archive: its file and the hash its bytes must have.
struct PlannedMember {
    var member: String
    var file: URL
    var sha256: String
    var size: Int64
    var modified: Date
    var kind: ArchiveMemberRecord.Kind
    var documentFileId: Int64?
}

/// Writes an archive anew, verified: a temporary file in the archive's folder (`O_EXCL`), every earlier
/// member copied over, the additions streamed in, fsync, then the whole temporary archive read back and
/// every member compared with the hash it must have. Only then is it renamed over the old archive
/// (which it fully contains) and the folder synced. A crash leaves either the old archive or the new
/// one under the final name, never a truncated one.
struct ArchiveBuilder {
    let format: ArchiveFormat

    /// - Returns: every member of the new archive.
    func rebuild(_ archive: URL, recorded: [ArchiveMemberRecord], additions: [PlannedMember]) throws -> [ArchiveMemberRecord] {
        let folder = archive.deletingLastPathComponent()
        try DurableFile.makeDirectory(folder)
        let temporary = folder.appendingPathComponent(DurableFile.temporaryPrefix + UUID().uuidString.prefix(12))
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError.posix("create '\(temporary.path)'", errno) }
        var keepTemporary = false
        defer {
            if !keepTemporary { unlink(temporary.path) }
        }
        var members: [String: ArchiveMemberRecord] = [:]
        var order: [String] = []
        do {
            let writer = try ArchiveWriter(format: format, fileDescriptor: fd, threads: ProcessInfo.processInfo.activeProcessorCount)
            let recordedByName = Dictionary(recorded.map { ($0.member, $0) }, uniquingKeysWith: { a, _ in a })
            // Every earlier member is kept, checked on the way against what the index recorded.
            if FileManager.default.fileExists(atPath: archive.path) {
                try ArchiveReader.forEachEntry(atPath: archive.path, formats: [format.readerFormat]) { entry in
                    guard entry.kind == .file else { return }
                    let sha = Self.sha256(entry.data)
                    if let expected = recordedByName[entry.path], expected.sha256 != sha {
                        throw ArchiveError("member '\(entry.path)' of '\(archive.lastPathComponent)' no longer has its recorded bytes; run 'tldrop verify'")
                    }
                    try writer.add(path: entry.path, data: entry.data, modified: entry.modified ?? Date())
                    members[entry.path] = recordedByName[entry.path]
                        ?? ArchiveMemberRecord(archive: "", member: entry.path, sha256: sha, size: Int64(entry.data.count), kind: .document)
                    order.append(entry.path)
                }
            }
            for addition in additions {
                if let present = members[addition.member] {
                    // Already in (an interrupted run got this far): the same bytes need no second copy.
                    guard present.sha256 != addition.sha256 else {
                        members[addition.member]?.documentFileId = addition.documentFileId ?? present.documentFileId
                        members[addition.member]?.kind = addition.kind
                        continue
                    }
                    throw ArchiveError("'\(archive.lastPathComponent)' already holds another '\(addition.member)'")
                }
                try writer.add(path: addition.member, contentsOf: addition.file, modified: addition.modified)
                members[addition.member] = ArchiveMemberRecord(
                    archive: "", member: addition.member, sha256: addition.sha256, size: addition.size, kind: addition.kind,
                    documentFileId: addition.documentFileId)
                order.append(addition.member)
                CrashPoint.hit("mid-archive-write")
            }
            try writer.finish()
            guard fsync(fd) == 0 else { throw FileError.posix("sync '\(temporary.path)'", errno) }
            close(fd)
        } catch {
            close(fd)
            throw error
        }
        try verify(temporary, expected: members, name: archive.lastPathComponent)
        keepTemporary = true
        guard rename(temporary.path, archive.path) == 0 else {
            keepTemporary = false
            throw FileError.posix("move the new archive into place as '\(archive.path)'", errno)
        }
        try DurableFile.syncDirectory(folder)
        return order.compactMap { members[$0] }
    }

    /// Reads the temporary archive back: every expected member present with its hash, nothing else.
    private func verify(_ url: URL, expected: [String: ArchiveMemberRecord], name: String) throws {
        var seen = Set<String>()
        try ArchiveReader.forEachEntry(atPath: url.path, formats: [format.readerFormat]) { entry in
            guard entry.kind == .file else { return }
            guard let member = expected[entry.path] else { throw ArchiveError("'\(name)' holds an unexpected member '\(entry.path)'") }
            guard Self.sha256(entry.data) == member.sha256 else {
                throw ArchiveError("'\(name)': member '\(entry.path)' did not read back with its recorded bytes")
            }
            seen.insert(entry.path)
        }
        let missing = Set(expected.keys).subtracting(seen)
        guard missing.isEmpty else { throw ArchiveError("'\(name)' lacks \(missing.sorted().joined(separator: ", ")) after writing") }
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
