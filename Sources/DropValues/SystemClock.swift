package import Foundation

/// The time, as every layer reads it: a function, so that a test hands in its own. The agent reads
/// `AgentContext.now`, the index GRDB's transaction date set from the same function; this is the one
/// place that asks the system.
package enum SystemClock {
    /// The wall clock.
    package static func now() -> Date { Date() }
}
