import Crypto
import DropFiles
import DropIndex
import DropValues
import Foundation
import Logging
import TeamleaderAPI

/// Writes a company's month report when its month is archived: `Outbox/<Company>/Reports/<YYYY-MM>.md`
/// and `.csv`, published like every other file and never overwritten. When late documents rebuild the
/// archive, the report is made again and, if it says anything new, written as the next revision
/// (`<YYYY-MM>-r2.md`).
///
/// The intent (revision, content, time and the bytes themselves) is recorded before the files are
/// published, so a run stopped in between publishes the same bytes next time, even when the month
/// changed meanwhile (that change is the next revision).
struct MonthClose {
    let context: AgentContext
    let logger: Logger

    /// Reports every archived month whose archive changed since its last report; returns the files written.
    func run(companies: [ResolvedCompany]) async throws -> [String] {
        let store = MonthReportStore(index: context.index)
        var written: [String] = []
        for company in companies where !Task.isCancelled {
            let archives = try await context.index.archives(under: context.layout.relative(context.layout.archive(company: company.name)) + "/")
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
        var written: [String] = []
        var last = closed
        if var stopped = closed, !stopped.written, let files = stopped.files {
            // A stopped run's revision is finished with the bytes it recorded, whatever changed since: a
            // new number for a report nobody could read would leave the month without `<YYYY-MM>.md`.
            written = try await publish(&stopped, files, company: company, month: month, store: store)
            last = stopped
        }
        if var last, last.contentHash == hash, last.written || last.files == nil {
            // Nothing new to say (or, from a version that kept no bytes, the same content made again).
            last.archivedAt = archivedAt
            if last.written {
                try await store.record(last, company: company.name, month: month)
            } else {
                written = try await publish(
                    &last, files(built, month: month, generatedAt: last.generatedAt), company: company, month: month, store: store)
            }
            if !written.isEmpty { try await store.save(MonthReport(month: month, generatedAt: last.generatedAt, companies: [built])) }
            return written
        }
        let generatedAt = now()
        var intent = MonthReportStore.Closed(
            revision: (last?.revision ?? 0) + 1, contentHash: hash, generatedAt: generatedAt, archivedAt: archivedAt, written: false)
        written += try await publish(&intent, files(built, month: month, generatedAt: generatedAt), company: company, month: month, store: store)
        try await store.save(MonthReport(month: month, generatedAt: generatedAt, companies: [built]))
        return written
    }

    /// The report's two files, in the configured language.
    private func files(_ built: MonthReport.Company, month: Month, generatedAt: Date) -> MonthReportStore.Closed.Files {
        let wording = context.configuration.wording
        return .init(
            markdown: MonthReportText.markdown(built, month: month, generatedAt: generatedAt, wording: wording),
            csv: MonthReportText.csv([built], wording: wording))
    }

    /// Records the intent with its bytes, publishes them under the revision's names (the next number when
    /// someone else's file took a name) and records it written; returns the files written.
    private func publish(
        _ intent: inout MonthReportStore.Closed, _ files: MonthReportStore.Closed.Files, company: ResolvedCompany, month: Month,
        store: MonthReportStore
    ) async throws -> [String] {
        intent.files = files
        try await store.record(intent, company: company.name, month: month)
        let folder = context.layout.reports(company: company.name)
        try DurableFile.makeDirectory(folder)
        while true {
            let base = intent.revision == 1 ? month.description : "\(month)-r\(intent.revision)"
            let outcomes = try await blocking {
                try DurableFile.publishTogether(
                    [(Data(files.markdown.utf8), base + ".md"), (Data(files.csv.utf8), base + ".csv")], in: folder)
            }
            if outcomes.allSatisfy({ $0 == .published || $0 == .identical }) {
                intent.written = true
                intent.files = nil
                try await store.record(intent, company: company.name, month: month)
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
    func now() -> Date { Date(timeIntervalSince1970: context.now().timeIntervalSince1970.rounded(.down)) }
}
