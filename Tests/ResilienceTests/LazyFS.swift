import DropTestSupport
import Foundation
import Testing

/// LazyFS (vendor/lazyfs, built by `scripts/install-deps` into `.build/lazyfs`): a FUSE mount whose own
/// cache holds every write until it is fsynced, and drops what is unsynced on command, as a power cut
/// does. It does not model directory entries (creates, renames and unlinks reach the disk at once): the
/// strace test shows those.
final class LazyFS: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = repository.appendingPathComponent(".build/lazyfs/lazyfs-a47a5ba/lazyfs/build/lazyfs")

    #if os(Linux)
        // Where the machine has no FUSE; a missing LazyFS build is a failure (install-deps builds it).
        static let available = FileManager.default.fileExists(atPath: "/dev/fuse")
    #else
        static let available = false
    #endif
    static let unavailableReason: Comment = "LazyFS needs Linux with /dev/fuse, which this machine does not offer"

    let folder: URL
    let mountPoint: URL
    let backing: URL
    private let fifo: URL
    private let completed: URL
    private let configuration: URL
    // Only the test's own task touches these (mount, cut, unmount happen in sequence).
    private var process: RunningProcess?
    private var completedHandle: FileHandle?

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-lazyfs-\(UUID().uuidString)")
        mountPoint = folder.appendingPathComponent("mnt")
        backing = folder.appendingPathComponent("backing")
        fifo = folder.appendingPathComponent("faults.fifo")
        completed = folder.appendingPathComponent("completed.fifo")
        configuration = folder.appendingPathComponent("lazyfs.toml")
        for path in [mountPoint, backing] { try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true) }
        guard mkfifo(fifo.path, 0o600) == 0, mkfifo(completed.path, 0o600) == 0 else { throw Failure("mkfifo: \(errno)") }
        // The cache is allocated whole at mount: above what a run leaves unsynced, small enough for CI.
        let text = """
            [faults]
            fifo_path="\(fifo.path)"
            fifo_path_completed="\(completed.path)"
            [cache]
            apply_eviction=false
            [cache.simple]
            custom_size="256mb"
            blocks_per_page=1
            [filesystem]
            log_all_operations=false
            logfile=""

            """
        try Data(text.utf8).write(to: configuration)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Mounts and waits (with a deadline) until the mount is there.
    func mount() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw Failure("LazyFS is not built at \(Self.binary.path): run scripts/install-deps")
        }
        // Read end of the notifier FIFO first: LazyFS opens its write end as it starts.
        completedHandle = FileHandle(forUpdatingAtPath: completed.path)
        process = try ProcessRunner.start(
            Self.binary,
            [
                mountPoint.path, "--config-path", configuration.path, "-o", "allow_other", "-o", "modules=subdir", "-o",
                "subdir=\(backing.path)", "-f",
            ], environment: ProcessInfo.processInfo.environment)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while clock.now < deadline {
            if isMounted { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Failure("LazyFS did not mount \(mountPoint.path): \(process?.errorOutput.suffix(500) ?? "")")
    }

    var isMounted: Bool {
        ((try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? "").contains(" \(mountPoint.path) fuse.lazyfs ")
    }

    /// Drops every unsynced byte now, and returns once LazyFS says it did.
    func clearCache() throws {
        let writer = try FileHandle(forWritingTo: fifo)
        try writer.write(contentsOf: Data("lazyfs::clear-cache\n".utf8))
        try writer.close()
        var said = ""
        while !said.contains("finished::clear-cache") {
            // One read(2): whatever the FIFO holds now (FileHandle.read(upToCount:) waits for all of it).
            guard let fd = completedHandle?.fileDescriptor else { throw Failure("LazyFS is not mounted") }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { throw Failure("LazyFS did not confirm the cut (\(errno))") }
            said += String(decoding: buffer.prefix(count), as: UTF8.self)
        }
    }

    /// LazyFS itself killed: its cache (every unsynced byte) dies with it.
    func killProcess() async {
        process?.signal(SIGKILL)
        _ = await process?.wait(timeout: .seconds(60))
        process = nil
    }

    /// Unmounts (dropping what is unsynced, as a plain unmount does) and waits for LazyFS to end.
    func unmount() async throws {
        _ = try await ProcessRunner.run(
            URL(fileURLWithPath: "/bin/fusermount3"), ["-uz", mountPoint.path], environment: ProcessInfo.processInfo.environment)
        if let process {
            // 134 on every clean unmount: not a failure.
            let ended = await process.wait(timeout: .seconds(60))
            if ended.status != 0 && ended.status != 134 && !ended.signalled {
                throw Failure("LazyFS ended with \(ended.status): \(ended.errorOutput.suffix(500))")
            }
        }
        process = nil
        try? completedHandle?.close()
        completedHandle = nil
    }

    /// Unmounts and removes everything.
    func destroy() async {
        try? await unmount()
        try? FileManager.default.removeItem(at: folder)
    }
}
