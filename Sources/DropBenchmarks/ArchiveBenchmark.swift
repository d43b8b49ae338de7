import Archives
import Crypto
import DropAgent
import DropIndex
import Foundation
import TeamleaderAPI
import TeamleaderSandbox

/// Packs a closed month of 10,000 documents (about 1 GB) with the real `tldrop archive` (which also
/// fsyncs, reads the archive back and checks every member), and the same files with `bsdtar`.
struct ArchiveBenchmark {
    let binary: String

    struct Figures {
        var documents: Int
        var bytes: Int64
        var tldrop: MeasuredRun.Result
        var bsdtar: MeasuredRun.Result?
        /// bsdtar, then its archive fsynced: the same durability tldrop gives (without the read-back).
        var bsdtarSynced: MeasuredRun.Result?

        /// A phase's seconds from tldrop's log line (`write=…`, `verify=…`, `record=…`, `remove=…`).
        func phase(_ name: String) -> Double? {
            guard let range = tldrop.errorOutput.range(of: "\(name)=") else { return nil }
            return Double(tldrop.errorOutput[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        }
    }

    func run(format: ArchiveFormat, documents: Int, bytesPerDocument: Int) async throws -> Figures {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-bench-archive-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = RootLayout(root: root)
        let folder = layout.companyFolder("Company 1")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: layout.stateDirectory, withIntermediateDirectories: true)
        var text = ConfigurationTemplate.render(
            startDate: CalendarDate("2025-01-01")!, companies: [CompanyMapping(name: "Company 1", department: "D1")])
        text = text.replacingOccurrences(of: "format = \"zip\"", with: "format = \"\(format.rawValue)\"")
        try Data(text.utf8).write(to: layout.configFile)

        // Documents like real PDFs: mostly compressed (random-looking) bytes with a little text.
        var random = SplitMix64(seed: 42)
        var records: [DocumentRecord] = []
        var files: [DocumentFileRecord] = []
        var names: [String] = []
        var total: Int64 = 0
        for n in 1...documents {
            var bytes = [UInt8](repeating: 0, count: bytesPerDocument)
            bytes.withUnsafeMutableBytes { raw in
                let words = raw.bindMemory(to: UInt64.self)
                for index in words.indices { words[index] = random.next() }
            }
            let header = Array("%PDF-1.4\n% Invoice 2025 / \(n)\n".utf8)
            bytes.replaceSubrange(0..<header.count, with: header)
            let name = "2025-01-\(String(format: "%02d", n % 28 + 1))_2025-\(n)_Klant \(n).pdf"
            let data = Data(bytes)
            try data.write(to: folder.appendingPathComponent(name))
            let id = "00000000-0000-4000-8000-" + String(String(n).reversed()).padding(toLength: 12, withPad: "0", startingAt: 0)
            records.append(IntakeBenchmark.document(n, id: id, date: CalendarDate(year: 2025, month: 1, day: 15)!))
            files.append(
                DocumentFileRecord(
                    documentId: id, revision: 1, format: "pdf", path: "Outbox/Company 1/\(name)",
                    sha256: SHA256.hash(data: data).hexadecimal, size: Int64(data.count)))
            names.append(name)
            total += Int64(data.count)
        }
        try await DropIndex(path: layout.indexFile.path).importMirrored(records, files: files)
        try CredentialsFile(url: layout.credentialsFile, logger: .init(label: "bench"))
            .store(TokenPair(accessToken: "a", refreshToken: "r", expiresAt: Date().addingTimeInterval(86_400)), clientSecret: "s")

        // bsdtar first, on the same files, from the same (warm) page cache.
        var bsdtar: MeasuredRun.Result?
        var bsdtarSynced: MeasuredRun.Result?
        if let tool = ["/usr/bin/bsdtar", "/usr/local/bin/bsdtar", "/opt/homebrew/bin/bsdtar"].first(where: FileManager.default.isExecutableFile) {
            let list = root.appendingPathComponent("files.txt")
            try Data((names.joined(separator: "\n") + "\n").utf8).write(to: list)
            let output = root.appendingPathComponent("bsdtar.\(format.fileExtension)").path
            let arguments =
                format == .zip
                ? ["--format", "zip", "-cf", output, "-C", folder.path, "-T", list.path]
                : ["--zstd", "-cf", output, "-C", folder.path, "-T", list.path]
            bsdtar = try MeasuredRun.run(tool, arguments, environment: ProcessInfo.processInfo.environment)
            try FileManager.default.removeItem(atPath: output)
            let command = ([tool] + arguments).map { "'\($0)'" }.joined(separator: " ") + " && sync '\(output)'"
            bsdtarSynced = try MeasuredRun.run("/bin/sh", ["-c", command], environment: ProcessInfo.processInfo.environment)
            try FileManager.default.removeItem(atPath: output)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TLDROP_CLIENT_ID"] = "bench"
        // Verbose: its log line says how the time split between writing, reading back, recording and removing.
        let result = try MeasuredRun.run(binary, ["archive", "--verbose", "--root", root.path], environment: environment, capturingErrors: true)
        guard result.status == 0 else { throw BenchmarkError("tldrop archive exited \(result.status)") }
        let archive = folder.appendingPathComponent("Archive/2025-01.\(format.fileExtension)")
        guard FileManager.default.fileExists(atPath: archive.path) else { throw BenchmarkError("no archive was written") }
        return Figures(documents: documents, bytes: total, tldrop: result, bsdtar: bsdtar, bsdtarSynced: bsdtarSynced)
    }
}
