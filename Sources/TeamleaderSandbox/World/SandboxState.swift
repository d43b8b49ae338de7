import DropValues
import Foundation
import Synchronization

/// Everything a running sandbox remembers, behind one lock. Handlers hold the lock only to read or
/// change records; rendering and waiting happen outside it.
final class SandboxState: Sendable {
    struct Inner: Sendable {
        var world: SandboxWorld
        var tokens: SandboxTokens
        var faults: SandboxFaults
        var random: SandboxRandom
        var rateWindow: [Date] = []
        var payments: [ReceivedPayment] = []
        var requestCounts: [String: Int] = [:]
        var rateLimitedCount = 0
        /// When each API call arrived (refused ones too), for rate measurements.
        var arrivals: [Date] = []
        var downloads: [String: DownloadGrant] = [:]
        /// The `User-Agent` each kind of request (`api`, `oauth`, `files`) last came with.
        var userAgents: [String: String] = [:]
        /// When each request of a kind arrived (`oauth`, `files`), for waits after a 429.
        var kindArrivals: [String: [Date]] = [:]
    }

    /// A download link handed out by `*.download`: which document, which format, until when.
    struct DownloadGrant: Sendable {
        var documentID: String
        var isCreditNote: Bool
        var format: String
        var expires: Date
    }

    let configuration: SandboxConfiguration
    private let inner: Mutex<Inner>

    init(configuration: SandboxConfiguration) {
        self.configuration = configuration
        let today = configuration.today ?? CalendarDate(Date())
        var faults = SandboxFaults()
        faults.latency = configuration.latency
        faults.failRate = configuration.failRate
        inner = Mutex(
            Inner(
                world: SandboxSeed.world(configuration, today: today),
                tokens: SandboxTokens(ttl: configuration.tokenTTL), faults: faults,
                random: SandboxRandom(seed: configuration.seed &+ 0x5EED)))
    }

    func withLock<T>(_ body: (inout Inner) throws -> T) rethrows -> T {
        try inner.withLock { try body(&$0) }
    }

    var faults: SandboxFaults { inner.withLock { $0.faults } }

    /// The sliding rate window: counts the request, or refuses it. Returns the headers to send.
    func admit(now: Date) -> (allowed: Bool, headers: [(String, String)]) {
        let limit = configuration.rateLimit
        guard limit > 0 else { return (true, []) }
        let window =
            TimeInterval(configuration.rateWindow.components.seconds)
            + TimeInterval(configuration.rateWindow.components.attoseconds) / 1e18
        return inner.withLock { state in
            let horizon = now - window
            if let firstLive = state.rateWindow.firstIndex(where: { $0 > horizon }) {
                state.rateWindow.removeFirst(firstLive)
            } else {
                state.rateWindow.removeAll()
            }
            let allowed = state.rateWindow.count < limit
            if allowed { state.rateWindow.append(now) } else { state.rateLimitedCount += 1 }
            // Reset: when the oldest counted request leaves the window, the earliest moment a refused
            // request can succeed.
            let reset = (state.rateWindow.first ?? now) + window
            let headers = [
                ("X-RateLimit-Limit", "\(limit)"),
                ("X-RateLimit-Remaining", "\(max(0, limit - state.rateWindow.count))"),
                ("X-RateLimit-Reset", SandboxTime.rateLimitReset(reset)),
            ]
            return (allowed, headers)
        }
    }

    /// Notes a request of a kind (`api`, `oauth`, `files`) and says whether the `throttle` fault answers
    /// it with a 429.
    func observe(_ kind: String, userAgent: String?) -> Bool {
        inner.withLock { state in
            state.userAgents[kind] = userAgent ?? "(none)"
            state.kindArrivals[kind, default: []].append(Date())
            guard let left = state.faults.throttleNext[kind], left > 0 else { return false }
            state.faults.throttleNext[kind] = left - 1
            return true
        }
    }

    func count(_ endpoint: String, arrival: Date? = nil) {
        inner.withLock { state in
            state.requestCounts[endpoint, default: 0] += 1
            if let arrival { state.arrivals.append(arrival) }
        }
    }
}
