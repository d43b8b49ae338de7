import Foundation
import Testing

/// A small tmpfs mounted over a folder, to fill a disk on purpose. Needs root on Linux; elsewhere the
/// tests that use it are disabled with that reason.
struct Tmpfs {
    let folder: URL

    static var available: Bool {
        #if os(Linux)
            return geteuid() == 0
        #else
            return false
        #endif
    }

    static let unavailableReason: Comment = "needs root on Linux to mount a small tmpfs (run the suite as root, as CI does)"

    /// Mounts `bytes` of tmpfs over `folder` (created when missing).
    init(at folder: URL, bytes: Int) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.mount(folder, options: "size=\(bytes),mode=0755", flags: 0)
    }

    /// Gives the file system `bytes` in all, keeping what is on it.
    func resize(to bytes: Int) throws {
        #if os(Linux)
            try Self.mount(folder, options: "size=\(bytes),mode=0755", flags: UInt(MS_REMOUNT))
        #endif
    }

    /// Makes it read-only (or writable again), keeping what is on it.
    func setReadOnly(_ readOnly: Bool) throws {
        #if os(Linux)
            try Self.mount(folder, options: "mode=0755", flags: UInt(MS_REMOUNT) | (readOnly ? UInt(MS_RDONLY) : 0))
        #endif
    }

    /// Unmounts it; what was written there goes with it.
    func unmount() {
        #if os(Linux)
            _ = umount2(folder.path, Int32(MNT_DETACH))
        #endif
    }

    private static func mount(_ folder: URL, options: String, flags: UInt) throws {
        #if os(Linux)
            guard Glibc.mount("tmpfs", folder.path, "tmpfs", flags, options) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM)
            }
        #else
            throw POSIXError(.EPERM)
        #endif
    }
}
