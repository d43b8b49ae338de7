import Archives
import DropAgent
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

/// What an accountant's machine, a careless script or a hostile sender can put in the inbox, and odd
/// data from Teamleader: read safely, shown safely, never followed, never lost.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct HostileInputTests {
    /// Names with a newline, an escape sequence, invalid UTF-8, NFC/NFD twins, a leading dash and 255
    /// bytes: each file is read once, keeps its exact name in Processed/, and is shown escaped.
    @Test func oddFileNamesAreReadOnceKeptByteForByteAndShownEscaped() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepare(harness)
            let names: [[UInt8]] = [
                Array("pay\nment.csv".utf8), Array("red\u{1B}[31m.csv".utf8), Array("bad".utf8) + [0xFF, 0xFE] + Array(".csv".utf8),
                Array("café.csv".precomposedStringWithCanonicalMapping.utf8), Array("café.csv".decomposedStringWithCanonicalMapping.utf8),
                Array("-rf.csv".utf8), Array("--help.csv".utf8), Array(String(repeating: "x", count: 251).utf8) + Array(".csv".utf8),
            ]
            let open = harness.openInvoices()
            #expect(open.count >= names.count)
            let folder = harness.layout.inbox.appendingPathComponent("Company 1")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, invoice) in zip(names, open) {
                try Self.write(AgentHarness.paymentCSV([(invoice.number!, "")]), named: name, in: folder)
            }
            let run = try await harness.spawn(["run"])
            #expect(run.status == 0, "\(run.errorOutput)")
            #expect(Set(harness.sandbox.receivedPayments.map(\.invoiceID)) == Set(open.prefix(names.count).map(\.id)))
            #expect(harness.sandbox.receivedPayments.count == names.count)
            // Every name arrived in Processed/ byte for byte, with its report beside it.
            let month = CalendarDate(Date(), timeZone: .current).monthKey
            let processed = try Self.rawNames(in: harness.layout.inbox.appendingPathComponent("Processed/\(month)"))
            for name in names {
                #expect(processed.contains(name), "\(String(decoding: name, as: UTF8.self)) kept its exact name")
                // The report's name is cut to fit 255 bytes.
                #expect(processed.contains(Array(name.prefix(255 - 11)) + Array(".report.txt".utf8)))
            }
            // Shown escaped: no raw escape sequence or line break inside a name reaches the terminal or STATUS.md.
            let status = try String(contentsOf: harness.layout.statusFile, encoding: .utf8)
            for text in [run.output, run.errorOutput, status] {
                #expect(!text.contains("\u{1B}"))
                #expect(!text.contains("pay\nment"))
            }
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            #expect(harness.sandbox.receivedPayments.count == names.count, "nothing read twice")
        }
    }

    /// A symbolic link (to /etc/passwd, to a folder, to the outbox), a hard link to a file elsewhere, a
    /// FIFO, a socket and a folder named like an export: skipped with a reason, never opened, followed
    /// or moved, and the run does not hang.
    @Test func linksPipesSocketsAndFoldersAreSkippedAndTheirTargetsUntouched() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepare(harness)
            let inbox = harness.layout.inbox
            let invoice = try #require(harness.openInvoices().first)
            let outside = harness.root.appendingPathComponent("outside.csv")
            try AgentHarness.paymentCSV([(invoice.number!, "")]).write(to: outside)
            let outboxFile = try #require(harness.files(in: "Company 1").first { $0.hasSuffix(".pdf") })
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: inbox.appendingPathComponent("passwd.csv").path, withDestinationPath: "/etc/passwd")
            try FileManager.default.createSymbolicLink(
                atPath: inbox.appendingPathComponent("outbox.pdf").path,
                withDestinationPath: harness.layout.companyFolder("Company 1").appendingPathComponent(outboxFile).path)
            try FileManager.default.createSymbolicLink(
                atPath: inbox.appendingPathComponent("Company 2").path, withDestinationPath: harness.layout.outbox.path)
            #expect(link(outside.path, inbox.appendingPathComponent("hardlink.csv").path) == 0)
            #expect(mkfifo(inbox.appendingPathComponent("pipe.csv").path, 0o644) == 0)
            let socket = try Self.bindSocket(at: inbox.appendingPathComponent("socket.csv"))
            defer { close(socket) }
            try FileManager.default.createDirectory(at: inbox.appendingPathComponent("export.csv"), withIntermediateDirectories: true)

            let started = ContinuousClock.now
            let outcome = await harness.run()
            // A ceiling that only catches a hang (a blocked FIFO open never returns): a busy machine took 31 s.
            #expect(ContinuousClock.now - started < .seconds(120), "nothing blocks on the FIFO")
            #expect(harness.sandbox.receivedPayments.isEmpty, "nothing read through a link")
            let skipped = outcome.inbox?.skipped ?? []
            for (name, reason) in [
                ("passwd.csv", "symbolic link"), ("outbox.pdf", "symbolic link"), ("Company 2", "symbolic link"),
                ("hardlink.csv", "hard links"), ("pipe.csv", "not a regular file"), ("socket.csv", "not a regular file"),
                ("export.csv", "not a company's"),
            ] {
                #expect(skipped.contains { $0.contains(name) && $0.contains(reason) }, "\(name): \(skipped)")
            }
            #expect(
                Set(harness.inbox()).isSuperset(of: ["passwd.csv", "outbox.pdf", "Company 2", "hardlink.csv", "pipe.csv", "socket.csv", "export.csv"]
                ), "nothing moved")
            #expect(try Data(contentsOf: outside) == AgentHarness.paymentCSV([(invoice.number!, "")]))
            #expect(try FileManager.default.attributesOfItem(atPath: outside.path)[.referenceCount] as? Int == 2)
            #expect(try await harness.convergenceProblems().isEmpty, "the outbox behind the links is as it was")
        }
    }

    /// ZIP drops that attack the reader: a member inflating a thousand times, thousands of entries, a
    /// path that climbs out. Each is rejected with its reason, quickly, and nothing is extracted.
    @Test func archiveBombsAndClimbingPathsInAZipDropAreRejected() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try await Self.prepare(harness)
            let invoice = try #require(harness.openInvoices().first)
            let payment = AgentHarness.paymentCSV([(invoice.number!, "")])
            try harness.drop("bomb.zip", try Self.zipArchive([("payments.csv", payment), ("zeros.csv", Data(count: 100 << 20))]))
            try harness.drop("many.zip", try Self.zipArchive((0..<1_500).map { ("part-\($0).csv", Data("x\n".utf8)) }))
            try harness.drop("climb.zip", try Self.zipArchive([("../../outside.csv", payment)]))
            let started = ContinuousClock.now
            let run = try await harness.spawn(["run"])
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(run.status == 65, "\(run.errorOutput)")
            #expect(harness.sandbox.receivedPayments.isEmpty)
            #expect(
                Set(harness.inbox("Rejected")) == [
                    "bomb.zip", "bomb.zip.error.txt", "many.zip", "many.zip.error.txt", "climb.zip", "climb.zip.error.txt",
                ])
            let reasons = try ["bomb", "many", "climb"].map {
                try String(contentsOf: harness.layout.inbox.appendingPathComponent("Rejected/\($0).zip.error.txt"), encoding: .utf8)
            }
            #expect(reasons[0].contains("inflates"), "\(reasons[0])")
            #expect(reasons[1].contains("more than 1000 entries"), "\(reasons[1])")
            #expect(reasons[2].contains("leaves the archive"), "\(reasons[2])")
            #expect(!FileManager.default.fileExists(atPath: harness.root.deletingLastPathComponent().appendingPathComponent("outside.csv").path))
        }
    }

    /// Teamleader data with control characters, bidi overrides, decomposed accents, leading dashes and
    /// dots: mirrored under names that are safe in any shell and any file manager.
    @Test func hostileCustomerNamesBecomeSafeFileNames() async throws {
        try await AgentHarness.with(.agentTest()) { harness in
            try harness.writeConfiguration()
            try await harness.connect()
            let department = harness.sandbox.departments[0].id
            for customer in [
                "Evil\u{202E}fdp.exe", "-rf /", "..", "Tab\tNew\nLine\u{0}Nul", "Zoe\u{0308} Cafe\u{0301}", "\u{200B}\u{FEFF}", "CON",
                String(repeating: "Ω", count: 300),
            ] {
                try harness.sandbox.bookInvoice(departmentID: department, date: harness.sandbox.today, customerName: customer)
            }
            #expect(try await harness.spawn(["run", "--quiet"]).status == 0)
            let names = harness.files(in: "Company 1")
            for name in names {
                #expect(name.utf8.count <= DocumentNamer.maximumBytes, "\(name)")
                #expect(name == name.precomposedStringWithCanonicalMapping)
                #expect(!name.hasPrefix(".") && !name.hasPrefix("-"))
                #expect(!name.unicodeScalars.contains { [.control, .format].contains($0.properties.generalCategory) }, "\(name.debugDescription)")
                #expect(!name.contains("/") && !name.contains(".."))
            }
            #expect(try await harness.convergenceProblems().isEmpty)
        }
    }

    /// Connected, mirrored, and reading the inbox without waiting.
    static func prepare(_ harness: AgentHarness) async throws {
        try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
        try await harness.connect()
        #expect(await harness.run().exitStatus == .success)
    }

    /// Writes a file whose name is exactly these bytes (which need not be UTF-8).
    static func write(_ data: Data, named name: [UInt8], in folder: URL) throws {
        let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]
        let fd = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) } }
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        _ = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
    }

    /// The names in a folder as raw bytes.
    static func rawNames(in folder: URL) throws -> Set<[UInt8]> {
        guard let directory = opendir(folder.path) else { throw POSIXError(.ENOENT) }
        defer { closedir(directory) }
        var names = Set<[UInt8]>()
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [46], name != [46, 46] { names.insert(name) }
        }
        return names
    }

    static func bindSocket(at url: URL) throws -> Int32 {
        #if os(Linux)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(url.path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (position, byte) in path.prefix(buffer.count - 1).enumerated() { buffer[position] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return fd
    }

    /// A ZIP of these members, written with libarchive.
    static func zipArchive(_ members: [(String, Data)]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-zip-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let writer = try ArchiveWriter(format: .zip, fileDescriptor: fd)
        for (path, data) in members { try writer.add(path: path, data: data, modified: Date()) }
        try writer.finish()
        close(fd)
        return try Data(contentsOf: url)
    }
}
