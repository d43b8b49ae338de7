import DropAgent
import Foundation
import Synchronization

/// A one-line progress bar on standard error, drawn only when a terminal watches a long sync.
final class ProgressBar: Sendable {
    private let enabled: Bool
    private let last = Mutex(ContinuousClock.now - .seconds(1))
    private let drawn = Mutex(false)

    init(enabled: Bool) {
        self.enabled = enabled && Console.isInteractive
    }

    func update(_ progress: MirrorProgress) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let due = last.withLock { last -> Bool in
            guard now - last > .milliseconds(100) || progress.done == progress.listed else { return false }
            last = now
            return true
        }
        guard due else { return }
        let width = 30
        let filled = progress.listed == 0 ? width : width * progress.done / progress.listed
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        Console.raw("\r\(progress.company.prefix(30)) [\(bar)] \(progress.done)/\(progress.listed) documents ", to: STDERR_FILENO)
        drawn.withLock { $0 = true }
    }

    func finish() {
        guard enabled, drawn.withLock({ $0 }) else { return }
        Console.raw("\r\u{1B}[K", to: STDERR_FILENO)
    }
}
