import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failing disk at the file layer, for the failing-disk suite: `TLDROP_FILE_FAULTS=<seed>:<probability>`
/// makes each open and write of tldrop's own files fail at random (EIO or ENOSPC for writes, EIO or
/// EMFILE for opens). A system-call injector would also hit sockets, the event loop's descriptors and
/// libdispatch's reads of /proc, which say nothing about disks. Without the variable this does nothing.
package enum FileFault {
    package enum Operation: Sendable {
        case open, write
    }

    private static let setting: (seed: UInt64, probability: Double)? = {
        guard let text = ProcessInfo.processInfo.environment["TLDROP_FILE_FAULTS"] else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let seed = UInt64(parts[0]), let probability = Double(parts[1]) else { return nil }
        return (seed, probability)
    }()
    private static let state = Mutex<UInt64>(setting?.seed ?? 0)

    /// The errno this operation fails with, if the dice say so (the same seed fails the same calls).
    package static func next(_ operation: Operation) -> Int32? {
        guard let setting else { return nil }
        let roll = state.withLock { value -> UInt64 in
            // SplitMix64.
            value &+= 0x9E37_79B9_7F4A_7C15
            var z = value
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        guard Double(roll >> 11) / Double(1 << 53) < setting.probability else { return nil }
        switch operation {
        case .write: return roll & 1 == 0 ? EIO : ENOSPC
        case .open: return roll & 1 == 0 ? EIO : EMFILE
        }
    }
}
