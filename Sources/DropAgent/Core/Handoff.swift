import Foundation

// The agent's two hand-offs between threads that block, the only `@unchecked Sendable` types it has.
//
// The rule they rely on: both sides of a hand-off run on threads that may block (GRDB's database
// queues, or a thread of their own), never on Swift's cooperative pool, whose few threads a waiting
// side would pin. Their state is guarded by a lock (`NSCondition`) or ordered by a semaphore, which the
// compiler cannot check; that is why they are kept here, side by side, and nowhere else.
// Measured: CSV intake reads and applies in parallel through `BatchHandoff` (README's Benchmarks);
// `MemberHashes` hashes half of an archive's members on a `HelperThread` during read-back.

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

/// Work on a thread of its own, started at once and joined with `wait()`. For work that waits on a
/// `BatchHandoff` fed by the caller's thread: a pool of two might never start it, a thread always does.
final class HelperThread<Value: Sendable>: @unchecked Sendable {
    private struct NotFinished: Error {}

    private let done = DispatchSemaphore(value: 0)
    /// Written once by the helper before it signals `done`; read only after `done`.
    private var result: Result<Value, any Error> = .failure(NotFinished())

    init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result(catching: work)
            done.signal()
        }
        thread.start()
    }

    /// Waits for the work to end; its value, or what it threw.
    func wait() throws -> Value {
        done.wait()
        return try result.get()
    }
}
