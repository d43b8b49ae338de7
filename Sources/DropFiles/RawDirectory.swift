package import Foundation

/// A file name as the file system holds it: bytes, which need not be valid UTF-8, and a printable form
/// for reports and logs (invalid bytes and control characters escaped).
package struct RawName: Hashable, Sendable, CustomStringConvertible {
    package let bytes: [UInt8]

    package init(bytes: [UInt8]) { self.bytes = bytes }
    package init(_ text: String) { bytes = Array(text.utf8) }

    /// Printable: control characters and invalid UTF-8 shown as `\u{…}` / `\x..` escapes.
    package var description: String {
        escaped { scalar in
            "\\u{\(String(scalar.value, radix: 16))}"
        } byte: {
            String(format: "\\x%02x", $0)
        }
    }

    /// A name an archive member can carry: control characters, bytes that are not UTF-8 and the
    /// backslash (a folder separator to ZIP readers) as `%XX` of their bytes, `%` itself as `%25`.
    package var memberName: String {
        escaped(keeping: { $0 != "\\" && $0 != "%" }) { scalar in
            Array(String(scalar).utf8).map { String(format: "%%%02X", $0) }.joined()
        } byte: {
            String(format: "%%%02X", $0)
        }
    }

    private func escaped(
        keeping keep: (Unicode.Scalar) -> Bool = { _ in true }, _ scalarEscape: (Unicode.Scalar) -> String, byte byteEscape: (UInt8) -> String
    ) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0x6 ? 2 : lead >> 4 == 0xE ? 3 : lead >> 3 == 0x1E ? 4 : 0
            if length > 0, index + length <= bytes.count,
                let scalar = String(validating: bytes[index..<index + length], as: UTF8.self)?.unicodeScalars.first,
                String(validating: bytes[index..<index + length], as: UTF8.self)?.unicodeScalars.count == 1
            {
                if scalar.properties.generalCategory == .control || !keep(scalar) {
                    out += scalarEscape(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
                index += length
            } else {
                out += byteEscape(bytes[index])
                index += 1
            }
        }
        return out
    }

    package var isHidden: Bool { bytes.first == UInt8(ascii: ".") }

    /// The longest name most file systems take, in bytes.
    package static let maximumBytes = 255

    /// The name with `suffix` added (a report or error file beside it); the name is shortened first when
    /// the result would not fit in 255 bytes.
    package func appending(_ suffix: String) -> RawName {
        let tail = Array(suffix.utf8)
        return RawName(bytes: Array(bytes.prefix(Self.maximumBytes - tail.count)) + tail)
    }

    /// `name (2).ext`: the n-th free variant for a no-clobber move, shortened to fit in 255 bytes.
    package func variant(_ n: Int) -> RawName {
        guard n > 1 else { return self }
        let marker = Array(" (\(n))".utf8)
        if let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0, bytes.count - dot <= 16 {
            let ext = Array(bytes[dot...])
            return RawName(bytes: Array(bytes[..<dot].prefix(Self.maximumBytes - marker.count - ext.count)) + marker + ext)
        }
        return RawName(bytes: Array(bytes.prefix(Self.maximumBytes - marker.count)) + marker)
    }

    package func withCString<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }
}

/// A folder opened once and worked in by name (`openat`, `fstatat`, `linkat`): names are never
/// re-parsed as paths, symlinks are never followed, and odd bytes in names cannot mislead.
package final class RawDirectory: Sendable {
    package let descriptor: Int32
    package let url: URL

    /// Opens a folder (not a symlink to one).
    package init(_ url: URL) throws {
        let fd =
            FileFault.next(.open, path: url.path).map {
                errno = $0
                return -1
            } ?? open(url.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.posix("open folder '\(url.path)'", errno) }
        descriptor = fd
        self.url = url
    }

    deinit { close(descriptor) }

    /// Every name in the folder but `.` and `..`.
    package func names() throws -> [RawName] {
        let copy = dup(descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else { throw FileError.posix("list '\(url.path)'", errno) }
        defer { closedir(stream) }
        // The duplicate shares its offset with our descriptor: start from the top every time.
        rewinddir(stream)
        var names: [RawName] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(RawName(bytes: name))
        }
        return names
    }

    /// `lstat` of a name: what it is, never what a symlink points at.
    package func status(_ name: RawName) -> stat? {
        var info = stat()
        let result = name.withCString { fstatat(descriptor, $0, &info, AT_SYMLINK_NOFOLLOW) }
        return result == 0 ? info : nil
    }

    /// Opens a regular file for reading without following a symlink and without blocking on a FIFO.
    package func openForReading(_ name: RawName) throws -> Int32 {
        let fd =
            FileFault.next(.open, path: url.path + "/" + name.description).map {
                errno = $0
                return -1
            } ?? name.withCString { openat(descriptor, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { throw FileError.posix("open '\(url.path)/\(name)'", errno) }
        return fd
    }

    package func exists(_ name: RawName) -> Bool { status(name) != nil }

    /// A sub-folder, created when missing.
    package func subdirectory(_ name: String, create: Bool) throws -> RawDirectory {
        if create, !exists(RawName(name)) {
            if RawName(name).withCString({ mkdirat(descriptor, $0, 0o755) }) != 0, errno != EEXIST {
                throw FileError.posix("create folder '\(url.path)/\(name)'", errno)
            }
            try sync()
        }
        return try RawDirectory(url.appendingPathComponent(name, isDirectory: true))
    }

    /// Moves `name` into `target` under the first free variant of `newName`, never replacing a file:
    /// `linkat` (which fails rather than overwrite) then `unlinkat`, then both folders synced.
    /// - Returns: the name it got.
    @discardableResult
    package func move(_ name: RawName, to target: RawDirectory, as newName: RawName) throws -> RawName {
        for n in 1...1000 {
            let candidate = newName.variant(n)
            let linked = name.withCString { source in
                candidate.withCString { destination in linkat(descriptor, source, target.descriptor, destination, 0) }
            }
            if linked == 0 {
                guard name.withCString({ unlinkat(descriptor, $0, 0) }) == 0 else {
                    throw FileError.posix("remove '\(url.path)/\(name)' after moving it", errno)
                }
                try target.sync()
                try sync()
                return candidate
            }
            if errno == EEXIST { continue }
            throw FileError.posix("move '\(url.path)/\(name)' to '\(target.url.path)'", errno)
        }
        throw FileError.posix("find a free name for '\(name)' in '\(target.url.path)'", EEXIST)
    }

    /// Writes a new file durably (temporary name, fsync, link) under the first free variant of `name`;
    /// never replaces one.
    @discardableResult
    package func create(_ name: RawName, contents: Data) throws -> RawName {
        let temporary = try DurableFile.writeTemporary(contents, in: url, mode: 0o644)
        defer { unlink(temporary.path) }
        for n in 1...1000 {
            let candidate = name.variant(n)
            let linked = candidate.withCString { linkat(AT_FDCWD, temporary.path, descriptor, $0, 0) }
            if linked == 0 {
                try sync()
                return candidate
            }
            if errno == EEXIST { continue }
            throw FileError.posix("create '\(url.path)/\(candidate)'", errno)
        }
        throw FileError.posix("find a free name for '\(name)' in '\(url.path)'", EEXIST)
    }

    /// Gives a file of this folder a second name, the first free variant of `newName`: `linkat`,
    /// which never replaces a file, then the folder synced.
    /// - Returns: the name it got.
    @discardableResult
    package func link(_ name: RawName, as newName: RawName) throws -> RawName {
        for n in 1...1000 {
            let candidate = newName.variant(n)
            let linked = name.withCString { source in candidate.withCString { linkat(descriptor, source, descriptor, $0, 0) } }
            if linked == 0 {
                try sync()
                return candidate
            }
            if errno == EEXIST { continue }
            throw FileError.posix("name '\(url.path)/\(candidate)'", errno)
        }
        throw FileError.posix("find a free name for '\(newName)' in '\(url.path)'", EEXIST)
    }

    /// Opens a file of our own for writing, created or emptied (never following a symlink).
    package func openForWriting(_ name: RawName) throws -> Int32 {
        let fd = name.withCString { openat(descriptor, $0, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw FileError.posix("create '\(url.path)/\(name)'", errno) }
        return fd
    }

    /// A scratch file in this folder that has no name: it vanishes when closed, or when the process dies.
    package func scratchFile() throws -> Int32 {
        let name = RawName(DurableFile.temporaryPrefix + UUID().uuidString.prefix(12))
        let fd = name.withCString { openat(descriptor, $0, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard fd >= 0 else { throw FileError.posix("create a scratch file in '\(url.path)'", errno) }
        _ = name.withCString { unlinkat(descriptor, $0, 0) }
        return fd
    }

    /// Removes a name from the folder (a marker tldrop consumed; never a user's document).
    package func remove(_ name: RawName) throws {
        guard name.withCString({ unlinkat(descriptor, $0, 0) }) == 0 || errno == ENOENT else {
            throw FileError.posix("remove '\(url.path)/\(name)'", errno)
        }
    }

    package func sync() throws {
        if fsync(descriptor) != 0, errno != EINVAL { throw FileError.posix("sync folder '\(url.path)'", errno) }
    }
}
