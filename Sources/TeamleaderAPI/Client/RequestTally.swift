import Synchronization

/// How many answers Teamleader gave one client, and how many of them were 429s: the figures behind
/// `tldrop_teamleader_requests_total`. Shared by every call the client makes, concurrent ones included.
package final class RequestTally: Sendable {
    /// A moment's figures; subtract two to get what happened between them.
    package struct Counts: Sendable, Equatable {
        package var answers = 0
        package var rateLimited = 0

        package static func - (later: Counts, earlier: Counts) -> Counts {
            Counts(answers: later.answers - earlier.answers, rateLimited: later.rateLimited - earlier.rateLimited)
        }
    }

    private let counts = Mutex(Counts())

    package init() {}

    /// The figures so far.
    package var current: Counts { counts.withLock { $0 } }

    /// Counts one answer with its HTTP status.
    func count(status: Int) {
        counts.withLock {
            $0.answers += 1
            if status == 429 { $0.rateLimited += 1 }
        }
    }
}
