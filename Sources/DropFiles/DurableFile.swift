import Crypto
package import Foundation
import SystemPackage

/// Durable, no-clobber file publishing (filedrop-reliability.md §5): write a temporary file in the same
/// folder, fsync it, `link()` it to its final name (which fails rather than overwrite), remove the
/// temporary name, fsync the folder.
package enum DurableFile {
    /// How a publish ended.
    package enum Outcome: Sendable, Equatable {
        /// The file is now in place.
        case published
        /// A file with exactly these bytes was already there: it is adopted, untouched.
        case identical
        /// Another file holds the name; nothing was written. Carries that file's SHA-256.
        case conflict(existingSHA256: String)

        package var isConflict: Bool {
            if case .conflict = self { return true }
            return false
        }
    }

    /// Temporary files carry this prefix: hidden from watchers, recognisable for clean-up.
    package static let temporaryPrefix = ".tldrop-partial-"

    /// Publishes `data` as `directory/name` without ever replacing an existing file.
    /// - Parameter syncingDirectory: false when the caller publishes several files and syncs the folder
    ///   once itself, before it records them.
    package static func publish(_ data: Data, in directory: URL, name: String, syncingDirectory: Bool = true) throws -> Outcome {
        let target = directory.appendingPathComponent(name)
        if let existing = try? sha256(of: target) {
            return existing == sha256(data) ? .identical : .conflict(existingSHA256: existing)
        }
        let temporary = try writeTemporary(data, in: directory, mode: 0o644)
        defer { unlink(temporary.path) }
        CrashPoint.hit("after-temp-write")
        if link(temporary.path, target.path) != 0 {
            let error = errno
            if error == EEXIST {
                let existing = try sha256(of: target)
                return existing == sha256(data) ? .identical : .conflict(existingSHA256: existing)
            }
            guard [EPERM, ENOTSUP, EOPNOTSUPP, EMLINK, EXDEV].contains(error) else {
                throw FileError.posix("publish '\(target.path)'", error)
            }
            // A filesystem without hard links: rename after a check (not atomic against another writer).
            guard access(target.path, F_OK) != 0 else {
                return try publish(data, in: directory, name: name, syncingDirectory: syncingDirectory)
            }
            guard rename(temporary.path, target.path) == 0 else { throw FileError.posix("publish '\(target.path)'", errno) }
        }
        if syncingDirectory { try syncDirectory(directory) }
        return .published
    }

    /// Publishes a document's files into one folder in order, each never over another file, and stops
    /// at the first name another file holds; then syncs the folder once if any file is in place (an
    /// identical one may be the link of an interrupted run that never synced it).
    /// All on the calling thread, so that the folder's sync follows its links there, before the caller
    /// records them (run it through `blocking {}` from async code).
    /// - Returns: the outcome of each file tried; a `conflict` is the last.
    package static func publishInOrder(_ files: [(data: Data, name: String)], in directory: URL) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for file in files {
            let outcome = try publish(file.data, in: directory, name: file.name, syncingDirectory: false)
            outcomes.append(outcome)
            if outcome.isConflict { break }
        }
        if outcomes.contains(where: { $0 == .published || $0 == .identical }) { try syncDirectory(directory) }
        return outcomes
    }

    /// `publishInOrder` from async code (through `blocking {}`), as a document's publishers read it: the
    /// names published now, and the name another file holds, where publishing stopped.
    package static func publishDocument(
        _ files: [(data: Data, name: String)], in directory: URL
    ) async throws -> (
        published: Set<String>, taken: String?
    ) {
        let outcomes = try await blocking { try publishInOrder(files, in: directory) }
        let named = zip(files.map(\.name), outcomes)
        return (Set(named.filter { $0.1 == .published }.map(\.0)), named.first { $0.1.isConflict }?.0)
    }

    /// Publishes files that belong together (a month report's Markdown and CSV): every one written and
    /// synced under a temporary name first, then each linked to its name (never replacing a file), then
    /// the folder synced once. A disk that fails while writing leaves none of them, not half the set.
    package static func publishTogether(_ files: [(data: Data, name: String)], in directory: URL) throws -> [Outcome] {
        var temporaries: [String: URL] = [:]
        defer { for temporary in temporaries.values { unlink(temporary.path) } }
        for file in files where (try? sha256(of: directory.appendingPathComponent(file.name))) == nil {
            temporaries[file.name] = try writeTemporary(file.data, in: directory, mode: 0o644)
        }
        var outcomes: [Outcome] = []
        for file in files {
            let target = directory.appendingPathComponent(file.name)
            if let existing = try? sha256(of: target) {
                outcomes.append(existing == sha256(file.data) ? .identical : .conflict(existingSHA256: existing))
                continue
            }
            CrashPoint.hit("between-linked-pair")
            guard let temporary = temporaries[file.name], link(temporary.path, target.path) == 0 else {
                // Where links are refused, or another writer took the name meanwhile: one at a time.
                outcomes.append(try publish(file.data, in: directory, name: file.name, syncingDirectory: false))
                continue
            }
            outcomes.append(.published)
        }
        try syncDirectory(directory)
        return outcomes
    }

    /// Writes `data` to `url`, replacing our own earlier version atomically (STATUS.md, credentials).
    package static func replace(_ data: Data, at url: URL, mode: mode_t = 0o644) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = try writeTemporary(data, in: directory, mode: mode)
        guard rename(temporary.path, url.path) == 0 else {
            let error = errno
            unlink(temporary.path)
            throw FileError.posix("write '\(url.path)'", error)
        }
        try syncDirectory(directory)
    }

    /// Creates a new temporary file beside its target with `O_EXCL|O_NOFOLLOW`, writes it completely
    /// and fsyncs it. An fsync failure is not retried: the data is discarded and the error reported.
    package static func writeTemporary(_ data: Data, in directory: URL, mode: mode_t) throws -> URL {
        for _ in 0..<8 {
            let name = temporaryPrefix + UUID().uuidString.prefix(12)
            let url = directory.appendingPathComponent(String(name))
            let fd =
                FileFault.next(.open, path: url.path).map {
                    errno = $0
                    return -1
                } ?? open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw FileError.posix("create a file in '\(directory.path)'", errno)
            }
            do {
                try writeAll(fd, data, path: url.path)
                if fchmod(fd, mode) != 0 { throw FileError.posix("set permissions on '\(url.path)'", errno) }
                if fsync(fd) != 0 { throw FileError.posix("sync '\(url.path)'", errno) }
                guard close(fd) == 0 else { throw FileError.posix("close '\(url.path)'", errno) }
            } catch {
                close(fd)
                unlink(url.path)
                throw error
            }
            return url
        }
        throw FileError.posix("create a temporary file in '\(directory.path)'", EEXIST)
    }

    package static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { try writeAll(fd, $0, what: "write '\(path)'") }
    }

    /// Writes every byte, going on after short writes and interruptions.
    package static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, what: @autoclosure () -> String) throws {
        if let failure = FileFault.next(.write, path: what()) { throw FileError.posix(what(), failure) }
        do {
            try FileDescriptor(rawValue: fd).writeAll(buffer)
        } catch let error as Errno {
            throw FileError.posix(what(), error.rawValue)
        }
    }

    /// A whole file of at most `limit` bytes.
    /// - Throws: `FileError.posix` naming the file and what the system said; `FileError.tooLarge` past
    ///   the limit.
    package static func contents(of url: URL, limit: Int) throws -> Data {
        let fd =
            FileFault.next(.open, path: url.path).map {
                errno = $0
                return -1
            } ?? open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.posix("read '\(url.path)'", errno) }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.posix("read '\(url.path)'", errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            if data.count > limit { throw FileError.tooLarge(url.path, limit: limit) }
        }
    }

    /// fsyncs a folder, so that a rename or link in it survives a power loss.
    package static func syncDirectory(_ directory: URL) throws {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.posix("open folder '\(directory.path)'", errno) }
        defer { close(fd) }
        if fsync(fd) != 0, errno != EINVAL { throw FileError.posix("sync folder '\(directory.path)'", errno) }
    }

    /// Creates a folder and its parents, syncing each new one into its parent.
    package static func makeDirectory(_ url: URL) throws {
        var missing: [URL] = []
        var current = url.standardizedFileURL
        while !FileManager.default.fileExists(atPath: current.path), current.path != "/" {
            missing.append(current)
            current = current.deletingLastPathComponent()
        }
        for folder in missing.reversed() {
            if mkdir(folder.path, 0o755) != 0, errno != EEXIST { throw FileError.posix("create folder '\(folder.path)'", errno) }
            try syncDirectory(folder.deletingLastPathComponent())
        }
    }

    package static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).hexadecimal
    }

    /// The SHA-256 of a regular file, read in chunks without following a symlink.
    package static func sha256(of url: URL) throws -> String {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw FileError.posix("read '\(url.path)'", errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw FileError.notRegular(url.path)
        }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { try FileDescriptor(rawValue: fd).read(into: $0) }
            } catch let error as Errno {
                throw FileError.posix("read '\(url.path)'", error.rawValue)
            }
            if count == 0 { break }
            hasher.update(data: buffer[0..<count])
        }
        return hasher.finalize().hexadecimal
    }
}

/// File-system failures, worded with the path and the system's reason.
package enum FileError: Error, Sendable, CustomStringConvertible {
    case posix(String, Int32)
    case notRegular(String)
    case tooLarge(String, limit: Int)

    package var description: String {
        switch self {
        case .posix(let action, let code):
            return "could not \(action): \(String(cString: strerror(code)))" + Self.advice(code)
        case .notRegular(let path):
            return "'\(path)' is not a regular file"
        case .tooLarge(let path, let limit):
            return "'\(path)' is larger than \(limit / 1024) KiB"
        }
    }

    /// What an admin can do about the commonest causes.
    package static func advice(_ code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT: return " (free space on that disk; the next run goes on where this one stopped)"
        case EROFS: return " (the file system is mounted read-only)"
        case EACCES, EPERM: return " (give the user running tldrop write access to that folder)"
        default: return ""
        }
    }

    /// True when the disk is full or the file system refuses writes: exit 74.
    package var isDiskProblem: Bool {
        if case .posix(_, let code) = self { return [ENOSPC, EDQUOT, EIO, EROFS].contains(code) }
        return false
    }
}
