import Archives
import Crypto
import DropFiles
import DropIndex
import DropValues
import Foundation

/// A member to add to an archive: its file and the hash its bytes must have (nil: whatever they are,
/// for files the index holds no hash of, such as inbox reports).
struct PlannedMember {
    var member: String
    var file: URL
    /// The file as its folder names it, when its name is not text a `URL` keeps (an inbox file named
    /// with a control character or bytes that are not UTF-8): read from there instead of `file`.
    var raw: (folder: RawDirectory, name: RawName)?
    var sha256: String?
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
final class ArchiveBuilder {
    let format: ArchiveFormat
    /// How long the last rebuild spent writing (with its fsync) and reading back.
    private(set) var timings: (write: Duration, verify: Duration) = (.zero, .zero)

    init(format: ArchiveFormat) {
        self.format = format
    }

    /// The result of a rebuild: every member now in the archive, and the additions left out because their
    /// file no longer had the bytes the index recorded (changed by hand).
    struct Result {
        var members: [ArchiveMemberRecord]
        var leftOut: [PlannedMember]
    }

    /// An earlier member that moves to another name in the rebuild (a superseded revision making room
    /// for its successor), only when it still has the bytes recorded for it.
    struct Rename: Sendable, Equatable {
        var to: String
        var sha256: String
        var documentFileId: Int64?
    }

    /// Rebuilds the archive; additions whose bytes turn out not to match are left out (the archive is
    /// then written again without them).
    /// - Parameter renames: earlier members to move, by their current name.
    func rebuild(
        _ archive: URL, recorded: [ArchiveMemberRecord], additions: [PlannedMember], renames: [String: Rename] = [:]
    ) throws -> Result {
        var leftOut: [PlannedMember] = []
        var remaining = additions
        while true {
            let (members, mismatched) = try write(archive, recorded: recorded, additions: remaining, renames: renames)
            if let members { return Result(members: members, leftOut: leftOut) }
            leftOut += remaining.filter { mismatched.contains($0.member) }
            remaining.removeAll { mismatched.contains($0.member) }
        }
    }

    /// One attempt: nil members (and the mismatched names) when an addition's bytes were not the expected ones.
    private func write(
        _ archive: URL, recorded: [ArchiveMemberRecord], additions: [PlannedMember], renames: [String: Rename]
    ) throws -> ([ArchiveMemberRecord]?, Set<String>) {
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
        var mismatched: Set<String>
        let started = ContinuousClock.now
        do {
            let writer = try ArchiveWriter(format: format, fileDescriptor: fd, threads: ProcessInfo.processInfo.activeProcessorCount)
            var recordedByName = Dictionary(recorded.map { ($0.member, $0) }, uniquingKeysWith: { a, _ in a })
            let additionsByName = Dictionary(additions.map { ($0.member, $0) }, uniquingKeysWith: { a, _ in a })
            let renamedTo = Dictionary(renames.map { ($0.value.to, $0.value) }, uniquingKeysWith: { a, _ in a })
            // Every earlier member is kept, checked on the way against what the index recorded.
            if FileManager.default.fileExists(atPath: archive.path) {
                try ArchiveReader.forEachEntry(atPath: archive.path, formats: [format.readerFormat]) { entry in
                    guard entry.kind == .file else { return }
                    let sha = Self.sha256(entry.data)
                    if let expected = recordedByName[entry.path], expected.sha256 != sha {
                        // A rebuild that replaced this member by its new revision (the old one moved to
                        // `superseded/`) and stopped before the index recorded it: finished now.
                        guard renames[entry.path] != nil, additionsByName[entry.path]?.sha256 == sha else {
                            throw ArchiveError(
                                "member '\(entry.path)' of '\(archive.lastPathComponent)' no longer has its recorded bytes; run 'tldrop verify'")
                        }
                        recordedByName[entry.path] = nil
                    }
                    // The old revision moved aside now, or (by the interrupted rebuild) already.
                    let aside = renames[entry.path].map { (name: $0.to, rename: $0) } ?? renamedTo[entry.path].map { (name: entry.path, rename: $0) }
                    if let aside, aside.rename.sha256 == sha {
                        try writer.add(path: aside.name, data: entry.data, modified: entry.modified ?? SystemClock.now())
                        members[aside.name] = ArchiveMemberRecord(
                            archive: "", member: aside.name, sha256: sha, size: Int64(entry.data.count), kind: .superseded,
                            documentFileId: aside.rename.documentFileId)
                        order.append(aside.name)
                        return
                    }
                    try writer.add(path: entry.path, data: entry.data, modified: entry.modified ?? SystemClock.now())
                    members[entry.path] =
                        recordedByName[entry.path]
                        ?? ArchiveMemberRecord(archive: "", member: entry.path, sha256: sha, size: Int64(entry.data.count), kind: .document)
                    order.append(entry.path)
                }
            }
            for addition in additions {
                if let present = members[addition.member] {
                    // Already in (an interrupted run got this far): the same bytes need no second copy.
                    guard addition.sha256 == nil || present.sha256 != addition.sha256 else {
                        members[addition.member]?.documentFileId = addition.documentFileId ?? present.documentFileId
                        members[addition.member]?.kind = addition.kind
                        continue
                    }
                    throw ArchiveError("'\(archive.lastPathComponent)' already holds another '\(addition.member)'")
                }
                // With a hash to meet, the read-back below checks the bytes (one pass, not two); without
                // one, the bytes are hashed as they go in.
                var sha = addition.sha256 ?? ""
                var hasher = addition.sha256 == nil ? SHA256() : nil
                let observe: ((UnsafeRawBufferPointer) -> Void)? = hasher == nil ? nil : { hasher!.update(bufferPointer: $0) }
                if let (folder, name) = addition.raw {
                    let fd = try folder.openForReading(name)
                    defer { close(fd) }
                    try writer.add(path: addition.member, descriptor: fd, naming: addition.file.path, modified: addition.modified, observe: observe)
                } else {
                    try writer.add(path: addition.member, contentsOf: addition.file, modified: addition.modified, observe: observe)
                }
                if let hasher { sha = hasher.finalize().hexadecimal }
                members[addition.member] = ArchiveMemberRecord(
                    archive: "", member: addition.member, sha256: sha, size: addition.size, kind: addition.kind,
                    documentFileId: addition.documentFileId)
                order.append(addition.member)
                CrashPoint.hit("mid-archive-write")
            }
            try writer.finish()
            guard fsync(fd) == 0 else { throw FileError.posix("sync '\(temporary.path)'", errno) }
            close(fd)
        } catch let error as ArchiveError {
            close(fd)
            // Name the archive being built: libarchive's message names neither it nor what to do.
            let full = error.errno == ENOSPC
            throw ArchiveError(
                "could not write the archive '\(archive.path)': \(error)"
                    + (full ? " (free space on that disk; the loose files stay until an archive is complete)" : ""),
                kind: error.kind, errno: error.errno)
        } catch {
            close(fd)
            throw error
        }
        let written = ContinuousClock.now
        mismatched = try verify(temporary, expected: members, added: Set(additions.map(\.member)), name: archive.lastPathComponent)
        guard mismatched.isEmpty else { return (nil, mismatched) }
        timings = (written - started, ContinuousClock.now - written)
        keepTemporary = true
        guard rename(temporary.path, archive.path) == 0 else {
            keepTemporary = false
            throw FileError.posix("move the new archive into place as '\(archive.path)'", errno)
        }
        try DurableFile.syncDirectory(folder)
        return (order.compactMap { members[$0] }, [])
    }

    /// Reads the temporary archive back, streaming: every expected member present with its hash,
    /// nothing else. An added member whose bytes differ (its loose file was changed by hand) is
    /// returned, to be left out; any other difference is an error.
    private func verify(_ url: URL, expected: [String: ArchiveMemberRecord], added: Set<String>, name: String) throws -> Set<String> {
        var mismatched = Set<String>()
        var seen = Set<String>()
        for (member, sha) in try MemberHashes.read(url, format: format.readerFormat) {
            guard let recorded = expected[member] else { throw ArchiveError("'\(name)' holds an unexpected member '\(member)'") }
            if sha != recorded.sha256 {
                guard added.contains(member) else {
                    throw ArchiveError("'\(name)': member '\(member)' did not read back with its recorded bytes")
                }
                mismatched.insert(member)
            }
            seen.insert(member)
        }
        let missing = Set(expected.keys).subtracting(seen)
        guard missing.isEmpty else { throw ArchiveError("'\(name)' lacks \(missing.sorted().joined(separator: ", ")) after writing") }
        return mismatched
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).hexadecimal
    }
}
