import DropAgent
import DropFiles
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// What no crash, cut or failing disk may leave in a root, shared by the power-loss and failing-disk
/// suites.
enum RootIntegrity {
    #if os(Linux)
        static let isLinux = true
    #else
        static let isLinux = false
    #endif

    /// The index passes `quick_check`, every file it calls published holds its recorded bytes, no file
    /// under a real name is empty (half published), and the credentials file is whole.
    static func problems(_ harness: AgentHarness) async throws -> [String] {
        var problems: [String] = []
        let check = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/sqlite3"), [harness.layout.indexFile.path, "PRAGMA quick_check;"], environment: [:])
        if check.output.trimmingCharacters(in: .whitespacesAndNewlines) != "ok" {
            problems.append("quick_check: \(check.output)\(check.errorOutput)")
        }
        let index = try harness.openIndex()
        for department in harness.sandbox.departments {
            let records = try await index.documents(ids: harness.bookedDocuments(department: department.id).map(\.id))
            for record in records.values {
                for file in try await index.files(documentId: record.id, states: [.published]) {
                    if (try? DurableFile.sha256(of: harness.layout.absolute(file.path))) != file.sha256 {
                        problems.append("\(file.path): published, but not the recorded bytes")
                    }
                }
            }
        }
        problems += emptyFiles(under: harness.root)
        if let credentials = try? Data(contentsOf: harness.layout.stateDirectory.appendingPathComponent("credentials.json")),
            (try? JSONSerialization.jsonObject(with: credentials)) == nil
        {
            problems.append("credentials.json is not JSON (\(credentials.count) bytes)")
        }
        return problems
    }

    /// Files with a real name and no bytes (a `.reimport` marker and the lock files are empty by design).
    static func emptyFiles(under root: URL) -> [String] {
        var found: [String] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            let name = url.lastPathComponent
            guard !name.hasPrefix("."), !name.hasSuffix(".reimport"), name != "lock", !name.hasSuffix(".lock"),
                let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), values.isRegularFile == true
            else { continue }
            if values.fileSize == 0 { found.append("\(url.path.dropFirst(root.path.count)) is empty") }
        }
        return found
    }

    /// The end of the crash, power-loss and failing-disk suites: every booked document once, every payment
    /// once, every dropped file read (rejected files keep their company folder), no temporary file, the
    /// paperwork whole.
    static func finalChecks(_ harness: AgentHarness, world: CrashAnywhereTests.World, replay: String) async throws {
        let problems = try await harness.convergenceProblems()
        #expect(problems.isEmpty, "\(problems); \(replay)")
        let registrations = Dictionary(grouping: harness.sandbox.receivedPayments, by: \.invoiceID).mapValues(\.count)
        let missing = world.paid.filter { registrations[$0] == nil }
        let twice = registrations.filter { $0.value > 1 }.keys
        let unasked = registrations.keys.filter { !world.paid.contains($0) }
        // A missing payment, explained: its queue, its events and what the report of its file said.
        var explained: [String] = []
        for id in missing.sorted() {
            let payments = try await harness.openIndex().payments(documentId: id)
            let events = try await harness.openIndex().events(documentId: id).map { "\($0.kind.rawValue): \($0.detail ?? "")" }
            let file = world.paidBy[id] ?? "?"
            let report = CrashAnywhereTests.report(for: file, in: harness)
            explained.append(
                "\(id) \(harness.sandbox.invoice(id: id).map { "\($0.number ?? "") \($0.status)" } ?? ""): payments \(payments.map { "\($0.state.rawValue) \($0.lastError ?? "")" }), events \(events), file \(file): \(report)"
            )
        }
        #expect(
            missing.isEmpty && twice.isEmpty && unasked.isEmpty,
            "every payment line registered exactly once: missing \(explained), twice \(twice.sorted()), never asked \(unasked.sorted()); \(replay)"
        )
        let rejected = harness.inbox("Rejected") + harness.defaultCompanies.flatMap { harness.inbox("Rejected/\($0.name)") }
        let handled = Set(rejected + CrashAnywhereTests.processed(harness))
        for name in world.dropped { #expect(handled.contains(name), "\(name) is in Processed or Rejected; \(replay)") }
        #expect(harness.temporaryFiles().isEmpty, "\(harness.temporaryFiles()); \(replay)")
        let paperwork = try await CrashAnywhereTests.paperworkProblems(harness)
        #expect(paperwork.isEmpty, "\(paperwork); \(replay)")
    }
}
