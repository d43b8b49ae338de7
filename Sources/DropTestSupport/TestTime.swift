package import Foundation
import Synchronization

/// A clock a test moves: handed to the agent as its `now`, it lets days pass without waiting for them.
package final class TestTime: Sendable {
    private let moment: Mutex<Date>

    /// Starts at `start` (by default the real moment, so what the index records and what the sandbox
    /// dates line up with it).
    package init(_ start: Date = Date()) {
        moment = Mutex(start)
    }

    package var now: Date { moment.withLock { $0 } }

    /// The clock to hand over: reads this test time.
    package var clock: @Sendable () -> Date { { [self] in now } }

    package func advance(_ seconds: TimeInterval) { moment.withLock { $0 = $0.addingTimeInterval(seconds) } }

    package func advance(days: Int) { advance(TimeInterval(days) * 86_400) }
}
