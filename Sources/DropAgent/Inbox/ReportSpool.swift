import DropFiles
import Foundation
import SystemPackage
import Wording

/// The report of one inbox file, written while its lines are classified: each kind of outcome goes to
/// a scratch file of its own (nameless: nothing is left behind by a crash), so that a file of a million
/// lines needs no memory for them. At the end the report is put together from them, durably, under a
/// staging name beside where the file will go (`stage`); publishing it under the file's name comes
/// after the transaction that applied the file.
final class ReportSpool {
    /// The staging name of the report of inbox file `id`: kept across a crash until it is published.
    static func stagedName(fileId: Int64) -> RawName { RawName(".tldrop-report-\(fileId)") }

    /// Whether a name is a staged report, and of which file.
    static func stagedFileId(_ name: RawName) -> Int64? {
        let text = name.description
        guard text.hasPrefix(".tldrop-report-") else { return nil }
        return Int64(text.dropFirst(".tldrop-report-".count))
    }

    let folder: RawDirectory
    private(set) var sample: [LineOutcome] = []
    /// Routine lines (`LineOutcome.Kind.isRoutine`) listed in a report, each kind; the rest are counted.
    static let routineLimit = 1_000

    /// By `LineOutcome.Kind.ordinal`: lines in all, and lines written.
    private var tallies = Array(repeating: 0, count: LineOutcome.Kind.allCases.count)
    private var listed = Array(repeating: 0, count: LineOutcome.Kind.allCases.count)
    private var spills: [Spill?] = Array(repeating: nil, count: LineOutcome.Kind.allCases.count)

    let wording: Wording

    init(folder: RawDirectory, wording: Wording = .english) {
        self.folder = folder
        self.wording = wording
    }

    deinit { for case let spill? in spills { close(spill.fd) } }

    /// Lines per outcome.
    var counts: [LineOutcome.Kind: Int] {
        Dictionary(
            uniqueKeysWithValues: LineOutcome.Kind.allCases.compactMap { kind in tallies[kind.ordinal] > 0 ? (kind, tallies[kind.ordinal]) : nil })
    }

    /// Whether a line of this kind is still written out (else it need not be put in words).
    func lists(_ kind: LineOutcome.Kind) -> Bool {
        sample.count < InboxFileReport.sampleSize || !kind.isRoutine || listed[kind.ordinal] < Self.routineLimit
    }

    func add(_ outcome: LineOutcome) throws {
        let slot = outcome.kind.ordinal
        tallies[slot] += 1
        guard outcome.isListed, !outcome.kind.isRoutine || listed[slot] < Self.routineLimit else { return }
        listed[slot] += 1
        if sample.count < InboxFileReport.sampleSize { sample.append(outcome) }
        if spills[slot] == nil { spills[slot] = Spill(fd: try folder.scratchFile(), path: folder.url.path + "/(a scratch file)") }
        // `InboxReportText.line`, written piece by piece into the buffer.
        try spills[slot]!.append("  ", outcome.location, ": ", outcome.text, "\n")
    }

    /// Writes the whole report (`head`, each kind's lines under its heading, the footer) to the staged
    /// name, synced with its folder.
    func stage(fileId: Int64, head: String, ignored: Int) throws {
        let name = Self.stagedName(fileId: fileId)
        var out = Spill(fd: try folder.openForWriting(name), path: folder.url.appendingPathComponent(name.description).path)
        defer { close(out.fd) }
        try out.append(head)
        for kind in LineOutcome.Kind.allCases where tallies[kind.ordinal] > 0 {
            try out.append(InboxReportText.heading(kind, count: tallies[kind.ordinal], wording: wording))
            if var spill = spills[kind.ordinal] {
                try spill.flush()
                try spill.copy(to: &out)
                spills[kind.ordinal] = spill
            }
            let unlisted = tallies[kind.ordinal] - listed[kind.ordinal]
            if unlisted > 0 { try out.append(InboxReportText.more(unlisted, wording: wording)) }
        }
        try out.append(InboxReportText.footer(ignored: ignored, wording: wording))
        try out.flush()
        guard fsync(out.fd) == 0 else { throw FileError.posix("sync '\(folder.url.path)/\(name)'", errno) }
        try folder.sync()
    }

    /// A file written through a buffer.
    private struct Spill {
        let fd: Int32
        var buffer: [UInt8] = []

        /// For messages: the file written.
        let path: String

        init(fd: Int32, path: String) {
            self.fd = fd
            self.path = path
            buffer.reserveCapacity(1 << 16)
        }

        mutating func append(_ pieces: String...) throws {
            for piece in pieces { buffer.append(contentsOf: piece.utf8) }
            if buffer.count >= 1 << 16 { try flush() }
        }

        mutating func flush() throws {
            try buffer.withUnsafeBytes { try DurableFile.writeAll(fd, $0, what: "write the report '\(path)'") }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Appends everything written here to `out`.
        func copy(to out: inout Spill) throws {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            var offset: off_t = 0
            while true {
                let count: Int
                do {
                    count = try chunk.withUnsafeMutableBytes { try FileDescriptor(rawValue: fd).read(fromAbsoluteOffset: Int64(offset), into: $0) }
                } catch let error as Errno {
                    throw FileError.posix("read back a report", error.rawValue)
                }
                if count == 0 { return }
                try out.flush()
                out.buffer.append(contentsOf: chunk[0..<count])
                try out.flush()
                offset += off_t(count)
            }
        }
    }
}
