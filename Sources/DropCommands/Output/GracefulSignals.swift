import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Runs a one-shot command so that SIGTERM (systemd stopping it) or SIGINT (Ctrl-C) asks it to stop at
/// its next safe point instead of killing it: the stages look at `Task.isShuttingDownGracefully`
/// between documents, files and months, and the run then ends with 75 and says so.
func withGracefulSignals<Result: Sendable>(
    logger: Logger, _ body: @escaping @Sendable () async -> Result
) async -> Result {
    let result = Mutex<Result?>(nil)
    let work = ClosureService {
        let value = await body()
        result.withLock { $0 = value }
    }
    let group = ServiceGroup(
        configuration: .init(
            services: [.init(service: work, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try? await group.run()
    // The service always finishes (it never throws), so the value is there.
    return result.withLock { $0 }!
}
