import ArgumentParser
import DropAgent
import DropValues
import Foundation
import TeamleaderAPI

/// `tldrop report --month YYYY-MM`: each company's month as Teamleader has it now, beside what tldrop
/// did with every document and payment, with totals that reconcile. Written in `tldrop.toml`'s language.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show a month: every document booked in Teamleader, what reached the outbox, what is paid and through which file.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The month, as YYYY-MM.") var month: Month
    @Option(help: "One company (its name in tldrop.toml); every company when left out.") var company: String?
    @Flag var format: OutputFormat = .text

    func run() async throws {
        try await reportingErrors {
            // Reads only: no run lock (it runs beside `watch`); its copy for the status page is one index write.
            let (report, wording) = try await AgentContext.with(layout: global.layout, logger: global.logger()) { context in
                let report = try await MonthReportBuilder(context: context).build(month: month, only: company)
                // The status page shows the latest report of each month.
                try await MonthReportStore(index: context.index).save(report)
                return (report, context.configuration.wording)
            }
            switch format {
            case .json:
                try Console.json(report)
            case .csv:
                Console.verbatim(MonthReportText.csv(report.companies, wording: wording))
            case .text:
                Console.out(
                    report.companies.map {
                        MonthReportText.markdown($0, month: month, generatedAt: report.generatedAt, wording: wording)
                    }.joined(separator: "\n"))
            }
        }
    }
}
