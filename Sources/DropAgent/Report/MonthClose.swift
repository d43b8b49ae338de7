import Crypto
import DropIndex
import Foundation
import Logging
import TeamleaderAPI

/// Writes a company's month report when its month is archived: `Outbox/<Company>/Reports/<YYYY-MM>.md`
/// and `.csv`, published like every other file and never overwritten. When late documents rebuild the
/// archive, the report is made again and, if it says anything new, written as the next revision
/// (`<YYYY-MM>-r2.md`).
///
/// The intent (revision, content, time) is recorded before the files are published, so a run stopped
/// in between publishes the same bytes next time instead of a second revision.
struct MonthClose {
    let context: AgentContext
    let logger: Logger

    /// Reports every archived month whose archive changed since its last report; returns the files written.
    func run(companies: [ResolvedCompany]) async throws -> [String] {
        let store = MonthReportStore(index: context.index)
        var written: [String] = []
        for company in companies where !Task.isCancelled {
            let folder = context.layout.companyFolder(company.name)
            let archives = try await context.index.archives(under: context.layout.relative(folder) + "/Archive/")
            for (archive, archivedAt) in archives {
                let name = (archive as NSString).lastPathComponent
                guard let month = Month(name.prefix(7)) else { continue }
                let closed = try await store.closed(company: company.name, month: month)
                if let closed, closed.written, closed.archivedAt >= archivedAt { continue }
                written += try await report(company: company, month: month, archivedAt: archivedAt, closed: closed, store: store)
            }
        }
        return written
    }

    private func report(
        company: ResolvedCompany, month: Month, archivedAt: Date, closed: MonthReportStore.Closed?, store: MonthReportStore
    ) async throws -> [String] {
        let built = try await MonthReportBuilder(context: context).build(month: month, company: company)
        let hash = try Self.contentHash(built)
        var intent: MonthReportStore.Closed
        if let closed, !closed.written {
            // A stopped run's revision: the same bytes if nothing changed, else the next number.
            intent = closed
            if closed.contentHash != hash {
                intent = .init(revision: closed.revision + 1, contentHash: hash, generatedAt: Self.now(), archivedAt: archivedAt, written: false)
            }
        } else if let closed, closed.contentHash == hash {
            try await store.record(
                .init(revision: closed.revision, contentHash: hash, generatedAt: closed.generatedAt, archivedAt: archivedAt, written: true),
                company: company.name, month: month)
            return []
        } else {
            intent = .init(revision: (closed?.revision ?? 0) + 1, contentHash: hash, generatedAt: Self.now(), archivedAt: archivedAt, written: false)
        }
        intent.archivedAt = archivedAt
        try await store.record(intent, company: company.name, month: month)
        let wording = context.configuration.wording
        let markdown = Data(MonthReportText.markdown(built, month: month, generatedAt: intent.generatedAt, wording: wording).utf8)
        let csv = Data(MonthReportText.csv([built], wording: wording).utf8)
        let folder = context.layout.companyFolder(company.name).appendingPathComponent("Reports", isDirectory: true)
        try DurableFile.makeDirectory(folder)
        // A name someone else took (a file put there by hand) moves the report to the next revision number.
        while true {
            let base = intent.revision == 1 ? month.description : "\(month)-r\(intent.revision)"
            let outcomes = try DurableFile.publishTogether([(markdown, base + ".md"), (csv, base + ".csv")], in: folder)
            if outcomes.allSatisfy({ $0 == .published || $0 == .identical }) {
                intent.written = true
                try await store.record(intent, company: company.name, month: month)
                try await store.save(MonthReport(month: month, generatedAt: intent.generatedAt, companies: [built]))
                logger.info("month report written", metadata: ["company": "\(company.name)", "month": "\(month)", "revision": "\(intent.revision)"])
                return [base + ".md", base + ".csv"].map { context.layout.relative(folder) + "/" + $0 }
            }
            intent.revision += 1
            guard intent.revision < 1_000 else {
                throw FileError.posix("publish a report in '\(folder.path)' (every revision name is taken)", EEXIST)
            }
            try await store.record(intent, company: company.name, month: month)
        }
    }

    /// What the report says, without when it was made.
    static func contentHash(_ company: MonthReport.Company) throws -> String {
        let data = try MonthReportStore.encoder.encode(company)
        return SHA256.hash(data: data).hexadecimal
    }

    /// Now, to the second: what is recorded is what the files say.
    static func now() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}
