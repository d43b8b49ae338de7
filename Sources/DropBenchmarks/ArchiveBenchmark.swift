import Archives
import Crypto
import DropAgent
import DropFiles
import DropIndex
import DropValues
import Foundation
import Logging
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
        /// The fair peer, the same work as tldrop: bsdtar, fsync, a read-back hashing every member, the
        /// loose files removed and their folder synced.
        var fairPeer: MeasuredRun.Result?

        /// A phase's seconds from tldrop's log line (`write=…`, `verify=…`, `record=…`, `remove=…`).
        func phase(_ name: String) -> Double? {
            guard let range = tldrop.errorOutput.range(of: "\(name)=") else { return nil }
            return Double(tldrop.errorOutput[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        }
    }

    /// A closed month's report asks Teamleader for the month's listing: a sandbox answers, the root
    /// connected to it.
    func run(format: ArchiveFormat, documents: Int, bytesPerDocument: Int) async throws -> Figures {
        try await TeamleaderSandbox.withRunning(SandboxConfiguration()) { running in
            try await run(format: format, documents: documents, bytesPerDocument: bytesPerDocument, sandbox: running)
        }
    }

    private func run(format: ArchiveFormat, documents: Int, bytesPerDocument: Int, sandbox: RunningSandbox) async throws -> Figures {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-bench-archive-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = RootLayout(root: root)
        let folder = layout.companyFolder("Company 1")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: layout.stateDirectory, withIntermediateDirectories: true)
        var text = ConfigurationTemplate.render(
            startDate: CalendarDate("2025-01-01")!, companies: [CompanyMapping(name: "Company 1", department: sandbox.sandbox.departments[0].name)])
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
                    documentId: id, revision: 1, format: .pdf, path: "Outbox/Company 1/\(name)",
                    sha256: SHA256.hash(data: data).hexadecimal, size: Int64(data.count)))
            names.append(name)
            total += Int64(data.count)
        }
        try await DropIndex(path: layout.indexFile.path).importMirrored(records, files: files)
        let connection = ConfigurationLoader.overrides(
            apiURL: sandbox.baseURL, authURL: sandbox.baseURL, clientID: "sandbox", clientSecret: "sandbox")
        try await LinkConnector.connect(
            layout: layout, environment: connection, logger: .init(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }),
            refreshToken: sandbox.sandbox.issueRefreshToken())

        // bsdtar first, on the same files, from the same (warm) page cache.
        var bsdtar: MeasuredRun.Result?
        var bsdtarSynced: MeasuredRun.Result?
        var fairPeer: MeasuredRun.Result?
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
            fairPeer = try Self.fairPeer(tool: tool, arguments: arguments, output: output, folder: folder, list: list, root: root)
        }
        var environment = ProcessInfo.processInfo.environment
        environment.merge(connection) { _, new in new }
        // Verbose: its log line says how the time split between writing, reading back, recording and removing.
        let result = try MeasuredRun.run(binary, ["archive", "--verbose", "--root", root.path], environment: environment, capturingErrors: true)
        guard result.status == 0 else { throw BenchmarkError("tldrop archive exited \(result.status): \(result.errorOutput.suffix(600))") }
        let archive = layout.archive(company: "Company 1").appendingPathComponent("2025-01.\(format.fileExtension)")
        guard FileManager.default.fileExists(atPath: archive.path) else { throw BenchmarkError("no archive was written") }
        return Figures(documents: documents, bytes: total, tldrop: result, bsdtar: bsdtar, bsdtarSynced: bsdtarSynced, fairPeer: fairPeer)
    }

    /// bsdtar doing what tldrop does, on a copy of the loose files (it removes them): pack, fsync the
    /// archive, extract it to memory (/dev/shm) and hash every member, remove the loose files, fsync
    /// their folder.
    static func fairPeer(tool: String, arguments: [String], output: String, folder: URL, list: URL, root: URL) throws -> MeasuredRun.Result {
        let copy = root.appendingPathComponent("peer-loose")
        let copied = try MeasuredRun.run("/bin/cp", ["-a", folder.path + "/.", copy.path], environment: [:])
        guard copied.status == 0 else { throw BenchmarkError("could not copy the loose files for the fair peer") }
        let shm = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : root.path
        let pack = ([tool] + arguments).map { $0 == folder.path ? copy.path : $0 }.map { "'\($0)'" }.joined(separator: " ")
        let script = """
            set -e
            \(pack)
            sync '\(output)'
            read_back=$(mktemp -d -p '\(shm)')
            '\(tool)' -xf '\(output)' -C "$read_back"
            find "$read_back" -type f -exec sha256sum {} + > /dev/null
            rm -rf "$read_back"
            cd '\(copy.path)' && tr '\\n' '\\0' < '\(list.path)' | xargs -0 rm -f --
            sync '\(copy.path)'
            """
        let result = try MeasuredRun.run("/bin/sh", ["-c", script], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else { throw BenchmarkError("the fair peer exited \(result.status)") }
        try? FileManager.default.removeItem(at: copy)
        try? FileManager.default.removeItem(atPath: output)
        return result
    }
}
