package import Foundation

/// Teamleader's sliding window (200 requests a minute per integration and account), shared by every
/// concurrent call of one client.
///
/// A request holds a slot from the moment it is sent until a window after its answer arrived: the
/// server counted it at some moment in between, so counting from the answer can never undercount, and
/// the client runs at the ceiling without meeting a 429. The server's own `X-RateLimit-*` headers
/// lower the limit or pause the client when they say so.
///
/// Time is read from `clock`: the continuous clock in the product, one a test drives in tests.
package actor RateLimiter<C: Clock> where C.Duration == Duration {
    private var limit: Int
    private let window: Duration
    /// The clock the limiter waits on; the executor's retry backoff waits on it too.
    package nonisolated let clock: C
    private var inFlight = 0
    /// When each answered request stops counting, oldest first.
    private var expiries: [C.Instant] = []
    private var expiryHead = 0
    private var pausedUntil: C.Instant?

    /// Requests sent so far, and how many of them met a 429.
    package private(set) var sent = 0
    package private(set) var rateLimited = 0

    package init(limit: Int = 200, window: Duration = .seconds(60), clock: C) {
        self.limit = max(1, limit)
        self.window = window
        self.clock = clock
    }

    /// Waits until a request may be sent, and counts it.
    package func acquire() async throws {
        while true {
            let now = clock.now
            dropExpired(now)
            if let pausedUntil, pausedUntil > now {
                try await clock.sleep(until: pausedUntil, tolerance: nil)
                continue
            }
            if inFlight + (expiries.count - expiryHead) < limit {
                inFlight += 1
                sent += 1
                return
            }
            // Full: wait for the oldest answered request to leave the window, or for an answer.
            let next = expiryHead < expiries.count ? expiries[expiryHead] : now.advanced(by: .milliseconds(20))
            try await clock.sleep(until: min(next, now.advanced(by: .milliseconds(250))), tolerance: nil)
        }
    }

    /// Records the answer of a request taken with `acquire()`, and what its headers say.
    /// - Parameters:
    ///   - status: the HTTP status, nil when no answer came.
    ///   - limit: `X-RateLimit-Limit`.
    ///   - remaining: `X-RateLimit-Remaining`.
    ///   - reset: `X-RateLimit-Reset`, already parsed.
    package func complete(status: Int?, limit: Int? = nil, remaining: Int? = nil, reset: Date? = nil) {
        let now = clock.now
        inFlight = max(0, inFlight - 1)
        expiries.append(now.advanced(by: window))
        // The server knows its own limit better than our default does.
        if let limit, limit > 0 { self.limit = limit }
        // Requests this client did not make (another process, an earlier command) share the window:
        // when the server counts more than we do, the difference is held as slots of our own.
        if let remaining {
            let serverUsed = self.limit - remaining
            let localUsed = inFlight + (expiries.count - expiryHead)
            if serverUsed > localUsed {
                for _ in 0..<min(serverUsed - localUsed, self.limit) { expiries.append(now.advanced(by: window)) }
                expiries[expiryHead...].sort()
            }
        }
        if status == 429 {
            rateLimited += 1
            pause(until: reset, now: now, fallback: window)
        } else if remaining == 0 {
            pause(until: reset, now: now, fallback: .seconds(1))
        }
    }

    /// Releases a slot whose request was never answered by the server's rate limiter (a dropped
    /// connection still counts: the request may have reached it).
    package func abandon() {
        complete(status: nil)
    }

    /// How long the current pause, if any, still lasts.
    package var pauseRemaining: Duration {
        guard let pausedUntil else { return .zero }
        return max(.zero, clock.now.duration(to: pausedUntil))
    }

    private func pause(until reset: Date?, now: C.Instant, fallback: Duration) {
        var wait = fallback
        if let reset {
            let seconds = reset.timeIntervalSinceNow
            // Clamp: a skewed server clock must neither stall us for long nor make us hammer it.
            wait = .milliseconds(Int64(min(max(seconds, 0), 120) * 1000))
        }
        let until = now.advanced(by: wait)
        if pausedUntil.map({ until > $0 }) ?? true { pausedUntil = until }
    }

    private func dropExpired(_ now: C.Instant) {
        while expiryHead < expiries.count, expiries[expiryHead] <= now { expiryHead += 1 }
        if expiryHead > 1024 {
            expiries.removeFirst(expiryHead)
            expiryHead = 0
        }
    }
}

extension RateLimiter where C == ContinuousClock {
    package init(limit: Int = 200, window: Duration = .seconds(60)) {
        self.init(limit: limit, window: window, clock: ContinuousClock())
    }
}
