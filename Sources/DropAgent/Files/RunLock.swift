import DropFiles
import DropValues
package import Foundation
import TeamleaderAPI

/// One command that changes things at a time per root: an exclusive `flock` on `.tldrop/lock`.
/// Commands that only read (`status`, `log`, `report`, `verify`, `doctor`, `serve`) never take it: the
/// index is WAL, readers do not wait for a writer. `watch` takes it only while a cycle runs, so the
/// other commands get their turn between cycles; a command that finds it held waits up to `--wait`
/// seconds, then exits 75 naming the holder.
package final class RunLock: Sendable {
    private let descriptor: Int32

    /// Who holds the lock, as the holder wrote it in the lock file.
    package struct Holder: Sendable, Equatable, CustomStringConvertible {
        package var pid: Int32?
        /// The command: `run`, `watch`, `reimport`…
        package var command: String?
        package var since: Date?

        /// `tldrop watch, process 4242, cycle running since 10:02`
        package var description: String {
            let name = "tldrop " + (command ?? "command")
            let process = pid.map { ", process \($0)" } ?? ""
            guard let since else { return name + process }
            let clock = Self.localTime(since)
            return name + process + (command == "watch" ? ", cycle running since \(clock)" : ", running since \(clock)")
        }

        /// The lock file's three lines: pid, command, start (ISO 8601).
        var fileText: String { "\(pid.map(String.init) ?? "?")\n\(command ?? "?")\n\(since.map(Timestamp.format) ?? "?")\n" }

        init(pid: Int32?, command: String?, since: Date?) {
            self.pid = pid
            self.command = command
            self.since = since
        }

        /// What a holder wrote; a lock file of an older version holds only the pid.
        init(fileText text: String) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            pid = lines.first.flatMap { Int32($0) }
            command = lines.count > 1 && lines[1] != "?" && !lines[1].isEmpty ? String(lines[1].prefix(40)) : nil
            since = lines.count > 2 ? Timestamp.parse(lines[2]) : nil
        }

        /// `10:02`, in the machine's time zone: what the admin's clock shows.
        static func localTime(_ date: Date) -> String {
            let parts = Calendar.current.dateComponents([.hour, .minute], from: date)
            return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        }
    }

    /// Takes the lock, waiting up to `wait` for a holder to let go.
    /// - Parameters:
    ///   - command: what the holder is doing, for the message others get.
    ///   - now: when it started (the clock tests move).
    ///   - onWait: told once, with the holder, when the lock is taken and this call waits.
    /// - Throws: `AgentError.busy` naming the holder when it is still held after `wait`.
    package static func acquire(
        at url: URL, command: String, waiting wait: Duration = .zero, now: @Sendable () -> Date = { SystemClock.now() },
        onWait: (Holder) -> Void = { _ in }
    ) async throws -> RunLock {
        let deadline = ContinuousClock.now + wait
        var told = false
        while true {
            if let lock = try RunLock(at: url, command: command, since: now()) { return lock }
            guard ContinuousClock.now < deadline, !Task.isCancelled else {
                throw AgentError.busy(holder: try holder(at: url))
            }
            if !told {
                onWait(try holder(at: url))
                told = true
            }
            // A holder's cycle lasts seconds: a tenth of a second between tries costs nothing.
            try? await Task.sleep(for: min(.milliseconds(100), deadline - ContinuousClock.now))
        }
    }

    /// Nil when another process holds the lock.
    private init?(at url: URL, command: String, since: Date) throws {
        try DurableFile.makeDirectory(url.deletingLastPathComponent())
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw FileError.posix("open the lock '\(url.path)'", errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            close(fd)
            if error == EWOULDBLOCK { return nil }
            throw FileError.posix("lock '\(url.path)'", error)
        }
        // Who holds it, for the message the others print.
        let text = Array(Holder(pid: getpid(), command: command, since: since).fileText.utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.count, 0)
        descriptor = fd
    }

    /// What the current holder wrote (read without the lock: a short file, written whole).
    static func holder(at url: URL) throws -> Holder {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return Holder(pid: nil, command: nil, since: nil) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = pread(fd, &bytes, bytes.count, 0)
        return Holder(fileText: count > 0 ? String(decoding: bytes[0..<count], as: UTF8.self) : "")
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
