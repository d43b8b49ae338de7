package import DropIndex
package import DropValues
package import Foundation
import TeamleaderAPI

/// The latest report of each company's month, kept in the index for the status page's month view
/// (which never calls Teamleader), and the month-close bookkeeping: which revision was written, from
/// which archive state.
package struct MonthReportStore: Sendable {
    let index: DropIndex

    package init(index: DropIndex) {
        self.index = index
    }

    /// One company's month as last reported.
    package struct Stored: Codable, Sendable {
        package var month: Month
        package var generatedAt: Date
        package var company: MonthReport.Company
    }

    /// What month close last wrote for a company's month. `written` false: the files were being
    /// published when a run stopped; the next run finishes them with the same bytes.
    struct Closed: Codable, Sendable {
        var revision: Int
        var contentHash: String
        var generatedAt: Date
        var archivedAt: Date
        var written: Bool
        /// The bytes being published while `written` is false (absent in records of earlier versions).
        var files: Files?

        struct Files: Codable, Sendable {
            var markdown: String
            var csv: String
        }
    }

    package func save(_ report: MonthReport) async throws {
        var values: [String: String] = [:]
        for company in report.companies {
            let stored = Stored(month: report.month, generatedAt: report.generatedAt, company: company)
            values["month_report.\(report.month).\(company.name)"] = String(decoding: try Self.encoder.encode(stored), as: UTF8.self)
        }
        try await index.setState(values)
    }

    /// Every stored month report, newest month first.
    package func all() async throws -> [Stored] {
        try await index.states(prefix: "month_report.").compactMap { try? Self.decoder.decode(Stored.self, from: Data($0.value.utf8)) }
            .sorted { ($0.month, $1.company.name) > ($1.month, $0.company.name) }
    }

    func closed(company: String, month: Month) async throws -> Closed? {
        try await index.state("month_close.\(month).\(company)").flatMap { try? Self.decoder.decode(Closed.self, from: Data($0.utf8)) }
    }

    func record(_ closed: Closed, company: String, month: Month) async throws {
        try await index.setState(["month_close.\(month).\(company)": String(decoding: try Self.encoder.encode(closed), as: UTF8.self)])
    }

    /// The index's form: month reports are compared by its hash.
    static let encoder = JSONEncoder.indexed
    static let decoder = JSONDecoder.tldrop
}
