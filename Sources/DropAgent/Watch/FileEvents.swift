import Foundation
import Synchronization

/// What happened in the watched folders since `watch` last looked: files closed after writing or moved
/// into the inbox, and changes in the company folders of the outbox (markers, deletions).
///
/// On Linux, inotify reports them as they happen (`IN_CLOSE_WRITE`, `IN_MOVED_TO`, deletions); on macOS,
/// kqueue reports that a folder changed (not which file closed: the settle time then decides). Where no
/// events come at all, `isLive` is false and `watch` keeps looking every couple of seconds.
final class FileEvents: Sendable {
    struct Pending: Sendable, Equatable {
        /// Inbox files (`Inbox/x.csv`, `Inbox/<Company>/x.csv`) whose writer closed them or that were
        /// moved in, since the last `take`.
        var closedInInbox: Set<String> = []
        var inboxChanged = false
        var outboxChanged = false
        var isEmpty: Bool { !inboxChanged && !outboxChanged }

        /// Adds what happened later.
        mutating func merge(_ later: Pending) {
            closedInInbox.formUnion(later.closedInInbox)
            inboxChanged = inboxChanged || later.inboxChanged
            outboxChanged = outboxChanged || later.outboxChanged
        }
    }

    struct State {
        var pending = Pending()
        /// Watch descriptor → the folder's display path (`Inbox`, `Inbox/Company 1`, `Outbox/Company 1`).
        var folders: [Int32: String] = [:]
        var overflowed = false
    }

    let state = Mutex(State())
    /// The inotify instance (Linux) or the kqueue (macOS).
    let descriptor: Int32

    /// Starts listening; `isLive` tells whether events will come. The descriptor does not block: `take`
    /// reads what queued up since (`watch` looks ten times a second).
    init() {
        #if os(Linux)
            descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        #elseif canImport(Darwin)
            descriptor = kqueue()
        #else
            descriptor = -1
        #endif
    }

    deinit {
        #if canImport(Darwin)
            // kqueue watches a folder through a descriptor of it, held open.
            for folder in state.withLock({ Array($0.folders.keys) }) { close(folder) }
        #endif
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether events arrive (and the queue never overflowed): then the inbox need not be looked at on
    /// a timer.
    var isLive: Bool { descriptor >= 0 && !state.withLock { $0.overflowed } }

    /// Watches `folder` (shown as `display`); again for a folder already watched is harmless, and a
    /// folder that does not exist yet is skipped (it is tried again on the next call).
    func watch(_ folder: URL, as display: String) {
        #if os(Linux)
            guard descriptor >= 0 else { return }
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_ONLYDIR)
            let wd = inotify_add_watch(descriptor, folder.path, mask)
            guard wd >= 0 else { return }
            state.withLock { state in
                // Newly watched: what arrived before the watch gets a look too.
                if state.folders.updateValue(display, forKey: wd) == nil { Self.mark(display, in: &state.pending) }
            }
        #elseif canImport(Darwin)
            watchWithKqueue(folder, as: display)
        #endif
    }

    /// Notes that something changed in the folder shown as `display`.
    static func mark(_ display: String, in pending: inout Pending) {
        if display.hasPrefix("Outbox") { pending.outboxChanged = true } else { pending.inboxChanged = true }
    }

    /// What happened since the last call.
    func take() -> Pending {
        drain()
        return state.withLock { state in
            defer { state.pending = Pending() }
            return state.pending
        }
    }

    /// Reads every queued event.
    private func drain() {
        #if canImport(Darwin)
            drainKqueue()
        #elseif os(Linux)
            // Room for a few dozen events a read; the loop reads until none are left.
            var buffer = [UInt8](repeating: 0, count: 8 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { return }
                state.withLock { state in
                    var offset = 0
                    let header = MemoryLayout<inotify_event>.size
                    while offset + header <= count {
                        let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                            let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                            return (event.wd, event.mask, Int(event.len))
                        }
                        let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
                        offset += header + length
                        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                            state.overflowed = true
                            (state.pending.inboxChanged, state.pending.outboxChanged) = (true, true)
                            continue
                        }
                        guard let folder = state.folders[wd] else { continue }
                        Self.mark(folder, in: &state.pending)
                        if !folder.hasPrefix("Outbox"), mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0,
                            let name = String(validating: nameBytes, as: UTF8.self)
                        {
                            state.pending.closedInInbox.insert("\(folder)/\(name)")
                        }
                    }
                }
            }
        #endif
    }
}
