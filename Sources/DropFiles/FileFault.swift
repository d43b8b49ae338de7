import Foundation
import Synchronization

/// A failing disk at the file layer, for the failing-disk suite: `TLDROP_FILE_FAULTS=<seed>:<probability>`
/// makes each open and write of tldrop's own files fail at random (EIO or ENOSPC for writes, EIO or
/// EMFILE for opens); `<seed>:<probability>:<text>` only those whose path contains the text (one folder),
/// and `<seed>:<probability>:<text>:<n>` at most the first n of those (one step of a stage). A system-call injector would also hit sockets, the event loop's descriptors and
/// libdispatch's reads of /proc, which say nothing about disks. Without the variable this does nothing.
package enum FileFault {
    package enum Operation: Sendable {
        case open, write
    }

    private static let setting: (seed: UInt64, probability: Double, within: String?, limit: Int)? = {
        guard let text = ProcessInfo.processInfo.environment["TLDROP_FILE_FAULTS"] else { return nil }
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 2, let seed = UInt64(parts[0]), let probability = Double(parts[1]) else { return nil }
        let limit = parts.count == 4 ? Int(parts[3]) ?? .max : .max
        return (seed, probability, parts.count >= 3 ? String(parts[2]) : nil, limit)
    }()
    /// The generator's state, and the failures so far.
    private static let state = Mutex<(UInt64, Int)>((setting?.seed ?? 0, 0))

    /// The errno this operation on `path` fails with, if the dice say so (the same seed fails the same
    /// calls).
    package static func next(_ operation: Operation, path: @autoclosure () -> String) -> Int32? {
        guard let setting else { return nil }
        if let within = setting.within, !path().contains(within) { return nil }
        let roll = state.withLock { state -> UInt64? in
            guard state.1 < setting.limit else { return nil }
            // SplitMix64.
            state.0 &+= 0x9E37_79B9_7F4A_7C15
            var z = state.0
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            guard Double(z >> 11) / Double(1 << 53) < setting.probability else { return nil }
            state.1 += 1
            return z
        }
        guard let roll else { return nil }
        switch operation {
        case .write: return roll & 1 == 0 ? EIO : ENOSPC
        case .open: return roll & 1 == 0 ? EIO : EMFILE
        }
    }
}
