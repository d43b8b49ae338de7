import Foundation

/// Whether another program still has a file open for writing. Nobody can tell for certain on every
/// system (filedrop-reliability.md §1); on Linux a read lease is refused exactly while any descriptor
/// has the file open for writing, so a writer that pauses longer than the settle time is still seen.
/// Elsewhere, or where leases are not allowed (a file we do not own, a network file system), the
/// answer is "unknown" and the settle time decides alone.
package enum WriterCheck {
    package enum Answer: Equatable {
        case open, closed, unknown
    }

    package static func check(_ folder: RawDirectory, _ name: RawName) -> Answer {
        #if os(Linux)
            guard let fd = try? folder.openForReading(name) else { return .unknown }
            defer { close(fd) }
            // F_SETLEASE (F_LINUX_SPECIFIC_BASE + 0) with F_RDLCK, then F_UNLCK: Glibc's module does not export them.
            let setLease: Int32 = 1024
            if fcntl(fd, setLease, Int32(F_RDLCK)) == 0 {
                _ = fcntl(fd, setLease, Int32(F_UNLCK))
                return .closed
            }
            return errno == EAGAIN || errno == EBUSY ? .open : .unknown
        #else
            return .unknown
        #endif
    }
}
