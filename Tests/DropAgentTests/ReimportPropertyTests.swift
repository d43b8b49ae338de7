import DropAgent
import DropFiles
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// Re-import, walked the way admins walk it: one document at a time through random sequences of
/// delete, marker, command, edit in Teamleader, archive and run, on one root whose index and folders
/// carry over. After every run: each file of the document's current revision is in place with the
/// index's hash (or in its archive), nothing the admin did not delete is recorded as deleted, and
/// `verify` is clean. `TLDROP_REIMPORT_SEQUENCES` sets how many (200 in CI); `TLDROP_REIMPORT_SEED`
/// replays one.
@Suite struct ReimportPropertyTests {
    enum Step: CaseIterable {
        case delete, marker, command, edit, archive, run
    }

    @Test func everyRandomSequenceLeavesTheCurrentRevisionInPlaceAndVerifyClean() async throws {
        let environment = ProcessInfo.processInfo.environment
        let sequences = environment["TLDROP_REIMPORT_SEQUENCES"].flatMap(Int.init) ?? 200
        let seed = environment["TLDROP_REIMPORT_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        try await AgentHarness.with(.agentTest(invoices: 12)) { harness in
            var random = SeededGenerator(seed: seed)
            try harness.writeConfiguration(companies: [CompanyMapping(name: "Company 1", department: harness.sandbox.departments[0].name)])
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let department = harness.sandbox.departments[0].id
            let invoices = harness.sandbox.invoices.filter { $0.departmentID == department && $0.status != "draft" }
            let context = try AgentContext.open(layout: harness.layout, environment: harness.environment, logger: AgentHarness.quietLogger)
            let index = try harness.openIndex()
            var counts: [String: Int] = [:]
            var failures: [String] = []
            for sequence in 0..<sequences where failures.isEmpty {
                let invoice = invoices.randomElement(using: &random)!
                let number = invoice.number!
                var deletedByHand: Set<String> = []
                var steps = (0..<Int.random(in: 2...5, using: &random)).map { _ in Step.allCases.randomElement(using: &random)! }
                steps.append(.run)
                for step in steps {
                    counts["\(step)", default: 0] += 1
                    let folder = harness.layout.companyFolder("Company 1")
                    switch step {
                    case .delete:
                        for file in try await index.files(documentId: invoice.id) where Bool.random(using: &random) {
                            try? FileManager.default.removeItem(at: harness.layout.absolute(file.path))
                            deletedByHand.insert("Company 1/" + (file.path as NSString).lastPathComponent)
                        }
                    case .marker:
                        try Data().write(to: folder.appendingPathComponent(AdminWeekTests.marker(number) + ".reimport"))
                    case .command:
                        // Between runs, as an admin types it: files deleted meanwhile come back.
                        deletedByHand = []
                        do {
                            _ = try await DocumentActions(context: context).reimport(number: number, company: "Company 1")
                        } catch {
                            failures.append("sequence \(sequence) \(steps): reimport command failed: \(error)")
                        }
                    case .edit:
                        try harness.sandbox.editInvoice(id: invoice.id, amount: Decimal(Int.random(in: 10...5_000, using: &random)))
                    case .archive:
                        var options = AgentRun.Options(command: "archive", stages: [.archive], archiveMonth: invoice.date.map { Month($0) })
                        options.archiveAtOnce = true
                        _ = await harness.run(options)
                    case .run:
                        let outcome = await harness.run()
                        let recorded = Set(outcome.corrections?.deleted ?? [])
                        if !recorded.isSubset(of: deletedByHand) {
                            failures.append("sequence \(sequence) \(steps): recorded as deleted by hand: \(recorded.subtracting(deletedByHand))")
                        }
                        deletedByHand = []
                        if !(outcome.corrections?.failedMarkers ?? []).isEmpty {
                            failures.append("sequence \(sequence) \(steps): markers failed: \(outcome.corrections!.failedMarkers)")
                        }
                    }
                    guard step == .run || step == .command || step == .archive else { continue }
                    let misplaced = try await Self.currentRevisionProblems(harness, index: index, id: invoice.id, deletedByHand: deletedByHand)
                    if !misplaced.isEmpty { failures.append("sequence \(sequence) \(steps) after \(step): \(misplaced)") }
                    let unclean = try await DocumentActions(context: context).verify().filter { !$0.isClean }
                    if !unclean.isEmpty { failures.append("sequence \(sequence) \(steps) after \(step): verify: \(unclean)") }
                }
            }
            await context.close()
            #expect(failures.isEmpty, "seed \(seed): \(failures.prefix(3))")
            print("re-import property: \(sequences) sequences, steps \(counts.sorted { $0.key < $1.key }), seed \(seed)")
        }
    }

    /// What is wrong with the document's current revision: a loose file missing or with other bytes
    /// (unless the admin deleted it and no run has looked yet), a file neither loose nor archived.
    static func currentRevisionProblems(
        _ harness: AgentHarness, index: DropIndex, id: String, deletedByHand: Set<String>
    ) async throws -> [String] {
        let document = try #require(try await index.document(id: id))
        var problems: [String] = []
        for file in try await index.allFiles(documentId: id) where file.revision == document.revision {
            switch file.state {
            case .published:
                if deletedByHand.contains("Company 1/" + (file.path as NSString).lastPathComponent) { continue }
                if (try? DurableFile.sha256(of: harness.layout.absolute(file.path))) != file.sha256 {
                    problems.append("r\(file.revision) \(file.path): published, but missing or other bytes")
                }
            case .archived:
                if file.archive == nil { problems.append("r\(file.revision) \(file.path): archived in no archive") }
            case .deleted:
                // Deleted by the admin: recorded so, and not on disk.
                if FileManager.default.fileExists(atPath: harness.layout.absolute(file.path).path),
                    (try? DurableFile.sha256(of: harness.layout.absolute(file.path))) == file.sha256
                {
                    problems.append("r\(file.revision) \(file.path): recorded as deleted but in place")
                }
            case .pending, .superseded:
                problems.append("r\(file.revision) \(file.path): \(file.state) after the step")
            }
        }
        return problems
    }
}
