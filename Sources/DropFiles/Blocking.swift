import NIOPosix

/// Runs work that blocks its thread (an fsync, a folder sync) on NIO's blocking-work pool, so that it
/// never pins one of the few threads of Swift's cooperative pool while the disk takes its time.
///
/// Work that has started always finishes before this returns, also when the task is cancelled meanwhile:
/// a file is either published and synced, or not, never abandoned halfway. Work not yet started when the
/// task is cancelled does not start (`CancellationError`).
///
/// Anchor: NIO's `NIOThreadPool.runIfActive`, which SwiftNIO's own file system uses the same way.
package func blocking<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await NIOThreadPool.singleton.runIfActive(work)
}
