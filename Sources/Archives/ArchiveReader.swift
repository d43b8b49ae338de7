import CArchive
package import Foundation

/// Reads archives with libarchive, bounded by `ArchiveLimits`. Only the formats asked for are enabled
/// (never `_all`: rarely used readers carry most of libarchive's CVEs).
package enum ArchiveReader {
    /// Formats this reader enables.
    package enum Format: Sendable, CaseIterable {
        case zip
        case tarGzip
        case tarZstd
    }

    /// Every member of an archive held in memory, files with their bytes.
    package static func entries(
        in data: Data, formats: [Format] = [.zip], limits: ArchiveLimits = ArchiveLimits()
    ) throws -> [ArchiveEntry] {
        try data.withUnsafeBytes { buffer in
            let archive = try makeReader(formats)
            defer { archive_read_free(archive) }
            try check(archive_read_open_memory(archive, buffer.baseAddress, buffer.count), archive)
            return try readAll(archive, compressedSize: buffer.count, limits: limits)
        }
    }

    /// Every member of an archive file (read through its own descriptor, without following a symlink).
    package static func entries(
        atPath path: String, formats: [Format] = Format.allCases, limits: ArchiveLimits = .trusted
    ) throws -> [ArchiveEntry] {
        var entries: [ArchiveEntry] = []
        try forEachEntry(atPath: path, formats: formats, limits: limits) { entries.append($0) }
        return entries
    }

    /// Calls `body` with each member of an archive file in turn, so that only one member is in memory.
    package static func forEachEntry(
        atPath path: String, formats: [Format] = Format.allCases, limits: ArchiveLimits = .trusted,
        _ body: (ArchiveEntry) throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw ArchiveError.system("cannot open '\(path)'", errno) }
        defer { close(fd) }
        var status = stat()
        fstat(fd, &status)
        let archive = try makeReader(formats)
        defer { archive_read_free(archive) }
        try check(archive_read_open_fd(archive, fd, 1 << 16), archive, context: path)
        try read(archive, compressedSize: Int(status.st_size), limits: limits, context: path, body)
    }

    /// Streams an archive file: `entry` for each member's header, `bytes` for each chunk of its data as
    /// libarchive produces it, `end` after each member. Nothing is gathered in memory, so a gigabyte
    /// archive is checked in constant space.
    package static func stream(
        atPath path: String, formats: [Format] = Format.allCases, limits: ArchiveLimits = .trusted,
        entry: (ArchiveEntry) throws -> Void, bytes: (UnsafeRawBufferPointer) throws -> Void, end: () throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw ArchiveError.system("cannot open '\(path)'", errno) }
        defer { close(fd) }
        let archive = try makeReader(formats)
        defer { archive_read_free(archive) }
        try check(archive_read_open_fd(archive, fd, 1 << 18), archive, context: path)
        var count = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        while let header = try nextHeader(archive, count: &count, limits: limits, context: path) {
            let kind = Self.kind(header)
            let name = archive_entry_pathname(header).map { String(cString: $0) } ?? ""
            try entry(ArchiveEntry(path: name, kind: kind, modified: Self.modified(header)))
            if kind == .file {
                try readChunks(archive, limit: limits.maximumEntryBytes, path: name, context: path, buffer: &buffer, bytes)
            }
            try end()
        }
    }

    static func kind(_ header: OpaquePointer) -> ArchiveEntry.Kind {
        let type = UInt32(archive_entry_filetype(header))
        return type == tldrop_ae_ifreg ? .file : type == tldrop_ae_ifdir ? .directory : type == tldrop_ae_iflnk ? .symbolicLink : .other
    }

    static func modified(_ header: OpaquePointer) -> Date? {
        archive_entry_mtime_is_set(header) != 0 ? Date(timeIntervalSince1970: TimeInterval(archive_entry_mtime(header))) : nil
    }

    private static func makeReader(_ formats: [Format]) throws -> OpaquePointer {
        ArchiveLocale.ensureUTF8()
        guard let archive = archive_read_new() else { throw ArchiveError("libarchive could not start a reader") }
        for format in Set(formats) {
            switch format {
            case .zip:
                try check(archive_read_support_format_zip(archive), archive)
            case .tarGzip:
                try check(archive_read_support_format_tar(archive), archive)
                try check(archive_read_support_filter_gzip(archive), archive)
            case .tarZstd:
                try check(archive_read_support_format_tar(archive), archive)
                try check(archive_read_support_filter_zstd(archive), archive)
            }
        }
        return archive
    }

    private static func readAll(_ archive: OpaquePointer, compressedSize: Int, limits: ArchiveLimits) throws -> [ArchiveEntry] {
        var entries: [ArchiveEntry] = []
        try read(archive, compressedSize: compressedSize, limits: limits, context: nil) { entries.append($0) }
        return entries
    }

    private static func read(
        _ archive: OpaquePointer, compressedSize: Int, limits: ArchiveLimits, context: String?,
        _ body: (ArchiveEntry) throws -> Void
    ) throws {
        var count = 0
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while let header = try nextHeader(archive, count: &count, limits: limits, context: context) {
            let path = archive_entry_pathname(header).map { String(cString: $0) } ?? ""
            let kind = Self.kind(header)
            let modified = Self.modified(header)
            var data = Data()
            if kind == .file {
                let limit = min(limits.maximumEntryBytes, limits.maximumTotalBytes - total)
                try readChunks(archive, limit: limit, path: path, context: context, buffer: &buffer) { data.append(contentsOf: $0) }
                total += data.count
                if compressedSize > 64 << 10, total / max(compressedSize, 1) > limits.maximumRatio {
                    throw ArchiveError.limit("inflates more than \(limits.maximumRatio) times (an archive bomb?)")
                }
            }
            try body(ArchiveEntry(path: path, kind: kind, modified: modified, data: data))
        }
    }

    /// The next member's header, or nil at the end; every member counts against the entry limit.
    private static func nextHeader(
        _ archive: OpaquePointer, count: inout Int, limits: ArchiveLimits, context: String?
    ) throws -> OpaquePointer? {
        var header: OpaquePointer?
        let status = archive_read_next_header(archive, &header)
        if status == ARCHIVE_EOF { return nil }
        try check(status, archive, context: context)
        guard let header else { return nil }
        count += 1
        guard count <= limits.maximumEntries else { throw ArchiveError.limit("more than \(limits.maximumEntries) entries") }
        return header
    }

    /// Hands the current member's data to `body` chunk by chunk, counting the bytes libarchive actually
    /// produces against `limit`.
    private static func readChunks(
        _ archive: OpaquePointer, limit: Int, path: String, context: String?, buffer: inout [UInt8],
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var produced = 0
        while true {
            let count = archive_read_data(archive, &buffer, buffer.count)
            if count == 0 { return }
            if count < 0 { throw failedRead(count, archive, context: context) }
            produced += count
            guard produced <= limit else { throw ArchiveError.limit("'\(path)' inflates past \(limit) bytes") }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    /// A member's data could not be read. Even a mere warning (a damaged member) produced no bytes, so
    /// it ends the read: the caller must never take a negative count as a length.
    static func failedRead(_ count: Int, _ archive: OpaquePointer, context: String?) -> ArchiveError {
        do {
            try check(Int32(clamping: count), archive, context: context)
        } catch let error as ArchiveError {
            return error
        } catch {}
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "libarchive status \(count)"
        return ArchiveError((context.map { "'\($0)': " } ?? "") + "damaged member: " + message, kind: .damaged)
    }

    /// Every libarchive status goes through here: warnings pass, anything worse becomes an error
    /// carrying libarchive's own message.
    static func check(_ status: Int32, _ archive: OpaquePointer, context: String? = nil) throws {
        guard status < ARCHIVE_WARN else { return }
        var message = archive_error_string(archive).map { String(cString: $0) } ?? "libarchive error \(status)"
        // libarchive's "Write error" says little; the system's reason ("No space left on device") says what to do.
        let code = archive_errno(archive)
        if code > 0, code < 4096 {
            let reason = String(cString: strerror(code))
            if !message.contains(reason) { message += ": " + reason }
        }
        throw ArchiveError((context.map { "'\($0)': " } ?? "") + message, errno: code > 0 ? code : nil)
    }
}
