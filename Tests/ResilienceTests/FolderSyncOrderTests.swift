import DropAgent
import DropTestSupport
import Foundation
import TeamleaderSandbox
import Testing

/// LazyFS never loses a rename, so the folder fsyncs that make renames survive a power cut are shown
/// another way: the system calls of a real run (strace, one file per thread, with times and the paths
/// behind descriptors). Every rename or link that publishes a file under the root must be followed,
/// on the same thread and before that thread writes the index or publishes into another folder, by an
/// fsync of the folder it published into: a document's files and their folder's sync are one call on one
/// thread (`DurableFile.publishInOrder` through `blocking {}`), so the sync is done before that call
/// returns, and the index records the step only after that (an `await` later, on the index's own thread).
@Suite(.enabled(if: StraceTrace.available, "strace traces Linux system calls only"), .timeLimit(.minutes(TestLimits.spawning)))
struct FolderSyncOrderTests {
    @Test func everyPublishingRenameIsFollowedByAnFsyncOfItsFolderBeforeTheIndexRecordsIt() async throws {
        try await AgentHarness.with(.agentTest(invoices: 30)) { harness in
            // Closed months are archived too, and a payment file is read and reported.
            try harness.writeConfiguration(keepMonths: 2, extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            let invoice = try #require(harness.sandbox.invoices.first { $0.status == "outstanding" })
            try harness.drop("betalingen.csv", AgentHarness.paymentCSV([(invoice.number!, "")]), company: "Company 1")
            let trace = try await StraceTrace.record(harness, ["run", "--quiet"])
            defer { trace.remove() }
            #expect(trace.status == 0)

            let calls = try trace.calls()
            let published = calls.filter { $0.isPublishing(under: harness.root.path) }
            #expect(published.count > 60, "a run that mirrors, archives and reads the inbox publishes many files: \(published.count)")
            #expect(calls.contains { $0.name == "pwrite64" && $0.firstPath?.contains("/.tldrop/index.sqlite") == true })
            var problems: [String] = []
            for (thread, own) in Dictionary(grouping: calls, by: \.thread) {
                var unsynced: [String: String] = [:]  // folder → the file published into it
                for call in own.sorted(by: { $0.time < $1.time }) {
                    if call.isPublishing(under: harness.root.path), let target = call.target {
                        // Several files of one document may go into one folder before its one sync.
                        let folder = (target as NSString).deletingLastPathComponent
                        if let waiting = unsynced.first(where: { $0.key != folder }) {
                            problems.append("thread \(thread): published \(target) before \(waiting.key) was synced after \(waiting.value)")
                        }
                        unsynced[folder] = target
                    } else if call.name == "fsync" || call.name == "fdatasync", let folder = call.firstPath {
                        unsynced[folder] = nil
                    } else if call.name == "pwrite64", call.firstPath?.contains("/.tldrop/index.sqlite") == true, let waiting = unsynced.first {
                        problems.append("thread \(thread): the index was written before \(waiting.key) was synced after \(waiting.value)")
                        unsynced = [:]
                    }
                }
                for (folder, file) in unsynced { problems.append("thread \(thread): \(file) published, \(folder) never synced after") }
            }
            #expect(problems.isEmpty, "\(problems.prefix(10))")
        }
    }
}

/// A run of the real binary under `strace -ff -ttt -y`, and its calls.
struct StraceTrace {
    #if os(Linux)
        static let available = true
    #else
        static let available = false
    #endif

    let folder: URL
    let status: Int32

    static func record(_ harness: AgentHarness, _ arguments: [String]) async throws -> StraceTrace {
        let strace = try #require(OpsTools.find("strace"), "strace is missing: run scripts/install-deps")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-strace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var environment = harness.environment
        environment["TLDROP_ROOT"] = harness.root.path
        let traced = try await ProcessRunner.run(
            strace,
            [
                "-ff", "-ttt", "-y", "-s", "1024", "-e", "trace=rename,renameat,renameat2,link,linkat,fsync,fdatasync,pwrite64", "-o",
                folder.appendingPathComponent("trace").path, ProcessRunner.tldropBinary.path,
            ] + arguments, environment: environment)
        return StraceTrace(folder: folder, status: traced.status)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// One system call: its thread, start time, name, its arguments that name things (descriptors'
    /// paths and strings, strace's escapes decoded, in order) and whether it succeeded.
    struct Call {
        enum Argument: Equatable {
            case descriptor(String)
            case string(String)
        }

        var thread: String
        var time: Double
        var name: String
        var arguments: [Argument]
        var succeeded: Bool

        /// The path behind the first descriptor (what an fsync or a pwrite64 wrote to).
        var firstPath: String? {
            arguments.lazy.compactMap { if case .descriptor(let path) = $0 { path } else { nil } }.first
        }

        /// The new name of a rename or link: its second string, under the descriptor before it for
        /// the `…at` calls.
        var target: String? {
            guard ["rename", "renameat", "renameat2", "link", "linkat"].contains(name) else { return nil }
            let strings = arguments.enumerated().compactMap { if case .string(let text) = $0.element { ($0.offset, text) } else { nil } }
            guard strings.count >= 2 else { return nil }
            let (position, path) = strings[1]
            if path.hasPrefix("/") || !name.hasSuffix("at") && name != "renameat2" { return path }
            guard position > 0, case .descriptor(let folder) = arguments[position - 1] else { return nil }
            return folder + "/" + path
        }

        /// A successful rename or link to a real name under `root`, outside the index's own files.
        func isPublishing(under root: String) -> Bool {
            guard succeeded, let target, target.hasPrefix(root + "/") else { return false }
            return !target.contains("/.tldrop/index.sqlite")
        }
    }

    func calls() throws -> [Call] {
        var calls: [Call] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("trace.") {
            let thread = String(name.dropFirst("trace.".count))
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let space = line.firstIndex(of: " "), let time = Double(line[..<space]) else { continue }
                let rest = line[line.index(after: space)...]
                guard let open = rest.firstIndex(of: "(") else { continue }
                calls.append(
                    Call(
                        thread: thread, time: time, name: String(rest[..<open]), arguments: Self.arguments(in: rest[open...]),
                        succeeded: !rest.contains(" = -1 ")))
            }
        }
        return calls
    }

    /// `</path>` after a descriptor and `"…"` strings, decoded, in order.
    static func arguments(in text: Substring) -> [Call.Argument] {
        var found: [Call.Argument] = []
        var bytes: [UInt8] = []
        var index = text.startIndex
        var closing: Character?
        while index < text.endIndex {
            let character = text[index]
            if let end = closing {
                if character == end {
                    let value = String(decoding: bytes, as: UTF8.self)
                    found.append(end == ">" ? .descriptor(value) : .string(value))
                    bytes = []
                    closing = nil
                } else if character == "\\", text.index(after: index) < text.endIndex {
                    // \ooo octal (strace's escape for bytes it will not print), or an escaped character.
                    let next = text.index(after: index)
                    let digits = text[next...].prefix(3)
                    if digits.count == 3, let value = UInt8(digits, radix: 8) {
                        bytes.append(value)
                        index = text.index(next, offsetBy: 3)
                        continue
                    }
                    bytes.append(contentsOf: Array(String(text[next]).utf8))
                    index = text.index(after: next)
                    continue
                } else {
                    bytes.append(contentsOf: Array(String(character).utf8))
                }
            } else if character == "<" {
                closing = ">"
            } else if character == "\"" {
                closing = "\""
            }
            index = text.index(after: index)
        }
        return found
    }
}
