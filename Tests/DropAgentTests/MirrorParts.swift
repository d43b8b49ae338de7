import DropFiles
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderSandbox

@testable import DropAgent

/// The mirror's parts on their own: a context on a connected root, the sandbox's first department as
/// "Company 1", and the pass and publisher a run would build for it, with no run around them.
struct MirrorParts: Sendable {
    let harness: AgentHarness
    let context: AgentContext
    let company: ResolvedCompany

    /// `clock` is tldrop's `now`; Teamleader's `updated_at` stays the sandbox's own.
    static func with(clock: ManualClock = ManualClock(), _ body: @Sendable (MirrorParts) async throws -> Void) async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            try await AgentContext.with(
                layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger, now: clock.wallClock
            ) { context in
                let department = harness.sandbox.departments[0]
                let company = ResolvedCompany(name: "Company 1", departmentId: department.id, departmentName: department.name)
                try DurableFile.makeDirectory(context.layout.companyFolder(company.name))
                try await body(MirrorParts(harness: harness, context: context, company: company))
            }
        }
    }

    var folder: URL { context.layout.companyFolder(company.name) }

    /// One pass over the department's invoices, as a run makes it.
    func pass(_ options: MirrorOptions = MirrorOptions()) async throws -> CompanyMirrorReport {
        var report = CompanyMirrorReport(company: company.name, department: company.departmentName)
        try await CompanyPass(context: context, company: company, options: options, logger: AgentHarness.quietLogger, reportProgress: { _ in })
            .run(kind: .invoice, into: &report)
        return report
    }

    func cursor() async throws -> SyncCursor? {
        try await context.index.cursor(departmentId: company.departmentId, kind: .invoice)
    }

    /// What a listing says of one invoice now.
    func remote(_ id: String) async throws -> RemoteDocument {
        let listing = RemoteListing(client: context.client, kind: .invoice, departmentId: company.departmentId, now: context.now)
        guard let document = try await listing.byIds([id]).documents.first else { throw MissingDocument(id: id) }
        return document
    }

    /// The department's first open invoice, as the sandbox and as a listing see it.
    func firstOpenInvoice() async throws -> (SandboxInvoiceSummary, RemoteDocument) {
        guard let invoice = harness.openInvoices().first else { throw MissingDocument(id: "an open invoice") }
        return (invoice, try await remote(invoice.id))
    }

    /// Hands documents to the publisher a pass would use.
    func publish(_ documents: [RemoteDocument]) async throws -> (failures: Int, report: CompanyMirrorReport) {
        var report = CompanyMirrorReport(company: company.name, department: company.departmentName)
        let publisher = DocumentPublisher(
            context: context, company: company, options: MirrorOptions(), logger: AgentHarness.quietLogger, reportProgress: { _ in })
        let failures = try await publisher.handle(documents, report: &report)
        return (failures, report)
    }

    /// The names the publisher gives an invoice's files.
    func names(of document: RemoteDocument) -> [String] {
        DocumentTargets(configuration: context.configuration).targets(for: document).map(\.name)
    }

    /// The newest `updated_at` Teamleader gave of the department's invoices the index holds.
    func newestRemoteUpdate() async throws -> Date? {
        let ids = harness.sandbox.invoices.filter { $0.departmentID == company.departmentId }.map(\.id)
        return try await context.index.documents(ids: ids).values.compactMap(\.remoteUpdatedAt).max()
    }

    struct MissingDocument: Error { var id: String }
}
