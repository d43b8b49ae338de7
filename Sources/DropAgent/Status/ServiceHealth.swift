import DropIndex
package import Foundation

/// What `serve`'s `/healthz` answers, for a container's probes: the index reads, and (when asked with
/// `stale`) some run or `watch` poll started recently: a `watch` that stopped cycling is not healthy.
package enum ServiceHealth {
    package struct Answer: Sendable, Equatable {
        package var healthy: Bool
        package var text: String
    }

    /// - Parameter staleAfter: how long without a run or poll is unhealthy (nil: not checked).
    package static func check(context: AgentContext, staleAfter: TimeInterval?) async -> Answer {
        let last: RunRecord?
        do {
            last = try await context.index.recentRuns(limit: 1).first
        } catch {
            return Answer(healthy: false, text: "the index cannot be read: \(error)\n")
        }
        guard let staleAfter else { return Answer(healthy: true, text: "ok\n") }
        guard let last else { return Answer(healthy: false, text: "no run or poll yet\n") }
        let age = context.now().timeIntervalSince(last.startedAt)
        guard age <= staleAfter else {
            return Answer(healthy: false, text: "the last run or poll (\(last.command)) started \(Int(age)) s ago, more than \(Int(staleAfter)) s\n")
        }
        return Answer(healthy: true, text: "ok: \(last.command) \(Int(age)) s ago\n")
    }
}
