import Foundation

/// Hands batches from the thread that reads a file to the one that applies it, a few at most in
/// flight (so memory stays flat). Both sides run inside the database's own queues, not on Swift's
/// cooperative threads, so waiting here blocks nothing else. The reader ends with `finish`; the
/// applier gives up with `abort`, which makes the reader's next `put` throw.
final class BatchHandoff<Element: Sendable, Summary: Sendable>: @unchecked Sendable {
    /// The applier stopped; the reader should too.
    struct Aborted: Error {}

    private let condition = NSCondition()
    private let capacity: Int
    private var items: [Element] = []
    private var end: Result<Summary, any Error>?
    private var aborted = false

    init(capacity: Int = 2) { self.capacity = capacity }

    /// Waits for room, then hands `item` on.
    func put(_ item: Element) throws {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity, !aborted { condition.wait() }
        guard !aborted else { throw Aborted() }
        items.append(item)
        condition.broadcast()
    }

    /// The reader is done: what it read, or why it stopped.
    func finish(_ result: Result<Summary, any Error>) {
        condition.lock()
        defer { condition.unlock() }
        if end == nil { end = result }
        condition.broadcast()
    }

    /// The next item, or nil once the reader finished; throws what stopped the reader.
    func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty, end == nil { condition.wait() }
        if !items.isEmpty {
            let item = items.removeFirst()
            condition.broadcast()
            return item
        }
        if case .failure(let error)? = end { throw error }
        return nil
    }

    /// What the reader returned (after `take` gave nil).
    func summary() throws -> Summary {
        condition.lock()
        defer { condition.unlock() }
        guard let end else { throw Aborted() }
        return try end.get()
    }

    /// The applier stopped: the reader's waiting and next `put` end.
    func abort() {
        condition.lock()
        defer { condition.unlock() }
        aborted = true
        condition.broadcast()
    }
}
