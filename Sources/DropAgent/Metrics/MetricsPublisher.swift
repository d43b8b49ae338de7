import DropFiles
import Foundation
import Logging
import TeamleaderAPI

/// After every run and `watch` cycle: the metrics written for node_exporter's textfile collector and
/// pushed to a Pushgateway, when `[metrics]` asks. A failure here is logged with what to fix; it does
/// not change how the run ended (the link's work is done by then).
struct MetricsPublisher {
    let context: AgentContext
    let logger: Logger

    /// Writes and pushes; returns what went wrong, for the log and tests.
    @discardableResult
    func publish() async -> [String] {
        let settings = context.configuration.metrics
        guard settings.textfile != nil || settings.pushgateway != nil else { return [] }
        var problems: [String] = []
        let text: String
        do {
            text = try await AgentMetrics.text(context: context)
        } catch {
            problems.append("metrics could not be read from the index: \(error)")
            return report(problems)
        }
        if let file = settings.textfile {
            do {
                // The collector's convention: a temporary name beside it (not `*.prom`), then a rename.
                try DurableFile.replace(Data(text.utf8), at: file)
            } catch {
                problems.append("metrics not written to '\(file.path)': \(error) (is [metrics] textfile's folder there and writable?)")
            }
        }
        if let gateway = settings.pushgateway {
            do {
                let root = settings.name ?? context.layout.root.lastPathComponent
                try await PushgatewayClient(transport: context.transport).push(text, to: gateway, job: "tldrop", grouping: [("root", root)])
            } catch {
                problems.append("metrics not pushed: \(error)")
            }
        }
        return report(problems)
    }

    private func report(_ problems: [String]) -> [String] {
        for problem in problems { logger.error("\(problem)") }
        return problems
    }
}
