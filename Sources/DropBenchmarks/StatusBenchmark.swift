import DropAgent
import DropFiles
import DropIndex
import DropValues
import Foundation
import TeamleaderAPI

/// `tldrop status` on a large index (a million documents by default, two files each, spread over two
/// companies and ten years, a few changed after sending): how long an admin waits, and the memory it takes.
struct StatusBenchmark {
    let binary: String

    struct Figures {
        var documents: Int
        var build: Duration
        var indexBytes: Int64
        var text: MeasuredRun.Result
        var json: MeasuredRun.Result
    }

    func run(documents: Int) async throws -> Figures {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-bench-status-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = RootLayout(root: root)
        for folder in [layout.inbox, layout.outbox, layout.stateDirectory] { try DurableFile.makeDirectory(folder) }
        let companies = [CompanyMapping(name: "Company 1", department: "D1"), CompanyMapping(name: "Company 2", department: "D2")]
        try Data(ConfigurationTemplate.render(startDate: CalendarDate("2016-01-01")!, companies: companies).utf8).write(to: layout.configFile)

        let started = ContinuousClock.now
        let index = try DropIndex(path: layout.indexFile.path)
        let batch = 50_000
        for first in stride(from: 1, through: documents, by: batch) {
            let numbers = first...min(first + batch - 1, documents)
            let records = numbers.map(Self.document)
            let files = records.flatMap { record in
                ["pdf", "xml"].map { ext in
                    DocumentFileRecord(
                        documentId: record.id, revision: 1, format: ext == "pdf" ? .pdf : .ublEfff,
                        path: "Outbox/\(record.company)/\(record.documentDate)_\(record.numberKey)_\(record.customer).\(ext)",
                        sha256: String(repeating: "0", count: 64), size: 40_000)
                }
            }
            try await index.importMirrored(records, files: files)
        }
        let build = ContinuousClock.now - started
        let size = (try? FileManager.default.attributesOfItem(atPath: layout.indexFile.path)[.size] as? Int64) ?? 0

        var environment = ProcessInfo.processInfo.environment
        environment["TLDROP_CLIENT_ID"] = "bench"
        let text = try MeasuredRun.run(binary, ["status", "--root", root.path], environment: environment)
        let json = try MeasuredRun.run(binary, ["status", "--json", "--root", root.path], environment: environment)
        // 77: never connected, which status rightly reports; the report itself is what is measured.
        guard [0, 77].contains(text.status), [0, 77].contains(json.status) else {
            throw BenchmarkError("tldrop status exited \(text.status) / \(json.status)")
        }
        return Figures(documents: documents, build: build, indexBytes: size, text: text, json: json)
    }

    /// Document n: ten years of dates, two companies, one in ten thousand changed after sending.
    static func document(_ n: Int) -> DocumentRecord {
        let date = CalendarDate(year: 2016 + n % 10, month: 1 + (n / 10) % 12, day: 1 + (n / 120) % 28)!
        var record = IntakeBenchmark.document(n, date: date)
        if n % 2 == 0 {
            record.company = "Company 2"
            record.departmentId = "D2"
        }
        record.customer = "Klant \(n % 5_000)"
        record.remotePaid = n % 3 == 0
        record.remoteStatus = record.remotePaid ? RemoteStatus.matched : RemoteStatus.outstanding
        record.changedAfterSending = n % 10_000 == 0
        return record
    }
}
