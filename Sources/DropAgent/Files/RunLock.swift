import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run at a time per root: an exclusive `flock` on `.tldrop/lock`, taken without waiting. cron
/// happily starts a second copy; this makes it exit 75 at once and touch nothing.
package final class RunLock: Sendable {
    private let descriptor: Int32

    /// - Throws: `AgentError.busy` when another process holds the lock.
    package init(at url: URL) throws {
        try DurableFile.makeDirectory(url.deletingLastPathComponent())
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw FileError.posix("open the lock '\(url.path)'", errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            var holder = [UInt8](repeating: 0, count: 32)
            let count = pread(fd, &holder, holder.count, 0)
            close(fd)
            if error == EWOULDBLOCK {
                let pid = count > 0 ? String(decoding: holder[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
                throw AgentError.busy(holder: pid)
            }
            throw FileError.posix("lock '\(url.path)'", error)
        }
        // Who holds it, for the message a second run prints.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
