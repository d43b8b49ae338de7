package import Foundation
import SystemPackage

/// Extracts archive members into a folder, safely: every member is checked before anything is written
/// (relative paths only, no `..`, no symbolic links, within the caps), folders on the way are opened
/// without following a symlink, and no existing file is ever replaced.
package enum ArchiveExtractor {
    /// Extracts the regular files of an archive file (all, or only the members named in `only`).
    /// - Returns: the paths written, relative to `directory`.
    @discardableResult
    package static func extract(
        archiveAt path: String, into directory: URL, only: Set<String>? = nil, formats: [ArchiveReader.Format] = ArchiveReader.Format.allCases,
        limits: ArchiveLimits = ArchiveLimits()
    ) throws -> [String] {
        var members: [ArchiveEntry] = []
        try ArchiveReader.forEachEntry(atPath: path, formats: formats, limits: limits) { entry in
            if only == nil || only!.contains(entry.path) { members.append(entry) }
        }
        return try write(members, into: directory)
    }

    /// Extracts members already read (from bytes in memory, say).
    @discardableResult
    package static func extract(_ data: Data, into directory: URL, limits: ArchiveLimits = ArchiveLimits()) throws -> [String] {
        try write(try ArchiveReader.entries(in: data, formats: ArchiveReader.Format.allCases, limits: limits), into: directory)
    }

    static func write(_ members: [ArchiveEntry], into directory: URL) throws -> [String] {
        // Refuse the whole archive before writing anything.
        for member in members {
            guard member.hasSafePath else { throw ArchiveError.limit("member '\(member.path)' would land outside the target folder") }
            switch member.kind {
            case .symbolicLink: throw ArchiveError.limit("member '\(member.path)' is a symbolic link")
            case .other: throw ArchiveError.limit("member '\(member.path)' is not a regular file")
            case .file, .directory: break
            }
        }
        let root = open(directory.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else { throw ArchiveError.system("cannot open '\(directory.path)'", errno) }
        defer { close(root) }
        var written: [String] = []
        for member in members {
            let components = member.path.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty }
            guard !components.isEmpty else { continue }
            let folders = member.kind == .directory ? components : Array(components.dropLast())
            var parent = dup(root)
            defer { close(parent) }
            for folder in folders {
                if mkdirat(parent, folder, 0o755) != 0, errno != EEXIST {
                    throw ArchiveError.system("cannot create '\(folder)'", errno)
                }
                // O_NOFOLLOW: a symlink planted in the target (or an earlier member) is refused, not followed.
                let next = openat(parent, folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard next >= 0 else { throw ArchiveError.limit("'\(member.path)' goes through '\(folder)', which is not a plain folder") }
                close(parent)
                parent = next
            }
            guard member.kind == .file, let name = components.last else { continue }
            let fd = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                let code = errno
                var error = ArchiveError.system("cannot write '\(member.path)'", code)
                if code == EEXIST { error.description += " (it exists; nothing is replaced)" }
                throw error
            }
            defer { close(fd) }
            do {
                try FileDescriptor(rawValue: fd).writeAll(member.data)
            } catch let error as Errno {
                throw ArchiveError.system("cannot write '\(member.path)'", error.rawValue)
            }
            guard fsync(fd) == 0 else { throw ArchiveError.system("cannot sync '\(member.path)'", errno) }
            written.append(components.joined(separator: "/"))
        }
        return written
    }
}
