import CArchive
package import Foundation
import SystemPackage

/// Writes a zip, tar.gz or tar.zst archive to a descriptor the caller opened (libarchive's own
/// `open_filename` truncates whatever it finds; the caller opens a temporary name with `O_EXCL`
/// instead). Members are streamed from files in chunks, so memory stays flat for a gigabyte.
///
/// ```swift
/// let writer = try ArchiveWriter(format: .tarZstd, fileDescriptor: fd)
/// try writer.add(path: "a.pdf", contentsOf: url, modified: date)
/// try writer.finish()
/// ```
package final class ArchiveWriter {
    private let archive: OpaquePointer
    private var finished = false
    /// One buffer for every member read from a file: a fresh 256 KiB one each time cost a memset of
    /// 2.5 GB over 10,000 members.
    private var readBuffer = [UInt8](repeating: 0, count: 1 << 18)

    /// - Parameter threads: compression threads where the filter offers them (zstd).
    package init(format: ArchiveFormat, fileDescriptor: Int32, threads: Int = 1) throws {
        ArchiveLocale.ensureUTF8()
        guard let archive = archive_write_new() else { throw ArchiveError("libarchive could not start a writer") }
        do {
            switch format {
            case .zip:
                try ArchiveReader.check(archive_write_set_format_zip(archive), archive)
            case .tarGzip:
                try ArchiveReader.check(archive_write_set_format_pax_restricted(archive), archive)
                try ArchiveReader.check(archive_write_add_filter_gzip(archive), archive)
            case .tarZstd:
                try ArchiveReader.check(archive_write_set_format_pax_restricted(archive), archive)
                try ArchiveReader.check(archive_write_add_filter_zstd(archive), archive)
                if threads > 1 {
                    // Older libarchive builds lack the option; compression then simply uses one thread.
                    _ = archive_write_set_filter_option(archive, "zstd", "threads", "\(threads)")
                }
            }
            try ArchiveReader.check(archive_write_set_bytes_in_last_block(archive, 1), archive)
            try ArchiveReader.check(archive_write_open_fd(archive, fileDescriptor), archive)
        } catch {
            archive_write_free(archive)
            throw error
        }
        self.archive = archive
    }

    deinit {
        if !finished { archive_write_free(archive) }
    }

    /// Adds a member with the given bytes.
    package func add(path: String, data: Data, modified: Date) throws {
        try header(path: path, size: Int64(data.count), modified: modified)
        try data.withUnsafeBytes { buffer in
            try write(buffer.baseAddress, count: buffer.count)
        }
    }

    /// Adds a member read from a file in chunks (opened without following a symlink).
    /// - Parameter observe: sees every chunk as it goes in (to hash what was actually archived).
    package func add(
        path: String, contentsOf url: URL, modified: Date, observe: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw ArchiveError.system("cannot read '\(url.path)'", errno) }
        defer { close(fd) }
        try add(path: path, descriptor: fd, naming: url.path, modified: modified, observe: observe)
    }

    /// Adds a member read from a file the caller opened (a name that is no valid UTF-8 has no `URL`
    /// path that opens it); the descriptor stays open. `name` is what errors call it.
    package func add(
        path: String, descriptor fd: Int32, naming name: String, modified: Date, observe: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws {
        let url = URL(fileURLWithPath: name)
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw ArchiveError("'\(url.path)' is not a regular file")
        }
        try header(path: path, size: Int64(status.st_size), modified: modified)
        var remaining = Int64(status.st_size)
        while remaining > 0 {
            let wanted = min(readBuffer.count, Int(remaining))
            let count =
                (try? readBuffer.withUnsafeMutableBytes {
                    try FileDescriptor(rawValue: fd).read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<wanted]))
                }) ?? -1
            guard count > 0 else { throw ArchiveError("'\(url.path)' changed size while it was archived", kind: .changed) }
            try readBuffer.withUnsafeBytes { chunk in
                observe?(UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
                try write(chunk.baseAddress, count: count)
            }
            remaining -= Int64(count)
        }
    }

    /// Adds a symbolic link member (tests build hostile archives with it; tldrop never writes one).
    package func addSymbolicLink(path: String, target: String) throws {
        guard let entry = archive_entry_new() else { throw ArchiveError("libarchive could not create an entry") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, path)
        archive_entry_set_filetype(entry, tldrop_ae_iflnk)
        archive_entry_set_perm(entry, 0o777)
        archive_entry_set_symlink(entry, target)
        try ArchiveReader.check(archive_write_header(archive, entry), archive)
    }

    /// Writes the end of the archive and reports any error libarchive held back until then.
    package func finish() throws {
        guard !finished else { return }
        finished = true
        defer { archive_write_free(archive) }
        try ArchiveReader.check(archive_write_close(archive), archive)
    }

    private func header(path: String, size: Int64, modified: Date) throws {
        guard let entry = archive_entry_new() else { throw ArchiveError("libarchive could not create an entry") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, path)
        archive_entry_set_filetype(entry, tldrop_ae_ifreg)
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_size(entry, size)
        let seconds = modified.timeIntervalSince1970
        archive_entry_set_mtime(entry, time_t(seconds.rounded(.down)), Int((seconds - seconds.rounded(.down)) * 1e9))
        try ArchiveReader.check(archive_write_header(archive, entry), archive)
    }

    private func write(_ pointer: UnsafeRawPointer?, count: Int) throws {
        var offset = 0
        while offset < count {
            let written = archive_write_data(archive, pointer.map { $0 + offset }, count - offset)
            if written < 0 { try ArchiveReader.check(Int32(written), archive) }
            guard written > 0 else { throw ArchiveError("libarchive wrote nothing") }
            offset += written
        }
    }
}
