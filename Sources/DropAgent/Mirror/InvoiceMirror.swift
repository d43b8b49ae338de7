import DropFiles
import DropIndex
import Foundation
package import Logging
import TeamleaderAPI

/// Mirrors every booked invoice and credit note of each mapped department into `Outbox/<Company>/`,
/// once. Uses `invoices.list` / `creditNotes.list` and the downloads only: no per-document `info` call.
///
/// Order per document, so that a crash anywhere converges: the intent (document and file hashes,
/// pending) is committed first, then each file is published without clobbering, then the document is
/// marked mirrored. The next run finishes or redoes whatever an interruption left pending.
package struct InvoiceMirror: Sendable {
    let context: AgentContext
    let logger: Logger
    let progress: @Sendable (MirrorProgress) -> Void

    package init(context: AgentContext, logger: Logger, progress: @escaping @Sendable (MirrorProgress) -> Void = { _ in }) {
        self.context = context
        self.logger = logger
        self.progress = progress
    }

    /// Mirrors each company; one company failing does not stop the others.
    package func mirror(_ companies: [ResolvedCompany], options: MirrorOptions = MirrorOptions()) async throws -> MirrorReport {
        var report = MirrorReport()
        for company in companies {
            var companyReport = CompanyMirrorReport(company: company.name, department: company.departmentName)
            do {
                let folder = context.layout.companyFolder(company.name)
                if !options.dryRun { try DurableFile.makeDirectory(folder) }
                let pass = CompanyPass(context: context, company: company, options: options, logger: logger, reportProgress: progress)
                try await pass.run(kind: .invoice, into: &companyReport)
                if context.configuration.creditNotes { try await pass.run(kind: .creditNote, into: &companyReport) }
                report.fullSweep = report.fullSweep || pass.isSweep(options)
            } catch let error as TeamleaderError where error.isLinkBroken {
                throw error
            } catch {
                logger.error("mirroring a company failed", metadata: ["company": "\(company.name)", "error": "\(error)"])
                companyReport.error = "\(error)"
                companyReport.errorExitCode = ExitStatus.of(error).rawValue
                report.companies.append(companyReport)
                // Teamleader out of reach stops the run; anything else (an answer of an unexpected
                // shape, a refusal) stays with this company, and the others go on.
                if let error = error as? TeamleaderError, error.isTransient { throw StageInterrupted(report: report, cause: error) }
                continue
            }
            report.companies.append(companyReport)
        }
        return report
    }
}
