import Archives
import Foundation
import Testing

/// A throw-away folder, removed after the test.
struct Scratch: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("archives-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes an archive with `build` and returns its path.
    func archive(_ name: String, format: ArchiveFormat, _ build: (ArchiveWriter) throws -> Void) throws -> URL {
        let path = url.appendingPathComponent(name)
        let fd = open(path.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        let writer = try ArchiveWriter(format: format, fileDescriptor: fd)
        try build(writer)
        try writer.finish()
        return path
    }
}

@Suite struct ArchiveRoundTripTests {
    @Test(arguments: ArchiveFormat.allCases)
    func membersComeBackByteIdenticalWithTheirTimes(format: ArchiveFormat) throws {
        let scratch = try Scratch()
        let big = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) })
        let source = scratch.url.appendingPathComponent("big.bin")
        try big.write(to: source)
        let modified = Date(timeIntervalSince1970: 1_790_000_000)
        let path = try scratch.archive("a.\(format.fileExtension)", format: format) { writer in
            try writer.add(path: "2026-09-03_2026-12_Café Zoë.pdf", data: Data("%PDF-1.4 hello".utf8), modified: modified)
            try writer.add(path: "superseded/r1/big.bin", contentsOf: source, modified: modified)
            try writer.add(path: "empty.txt", data: Data(), modified: modified)
        }
        let entries = try ArchiveReader.entries(atPath: path.path)
        #expect(entries.map(\.path) == ["2026-09-03_2026-12_Café Zoë.pdf", "superseded/r1/big.bin", "empty.txt"])
        #expect(entries[0].data == Data("%PDF-1.4 hello".utf8))
        #expect(entries[1].data == big)
        #expect(entries[2].data.isEmpty)
        #expect(entries.allSatisfy { $0.modified == modified && $0.kind == .file })
    }

    @Test(arguments: ArchiveFormat.allCases)
    func aTruncatedArchiveGivesAClearError(format: ArchiveFormat) throws {
        let scratch = try Scratch()
        let payload = Data((0..<200_000).map { _ in UInt8.random(in: 0...255) })
        let path = try scratch.archive("t.\(format.fileExtension)", format: format) { writer in
            try writer.add(path: "a.bin", data: payload, modified: Date())
            try writer.add(path: "b.bin", data: payload, modified: Date())
        }
        let whole = try Data(contentsOf: path)
        try whole.prefix(whole.count / 2).write(to: path)
        do {
            _ = try ArchiveReader.entries(atPath: path.path)
            Issue.record("a truncated \(format) archive was read")
        } catch let error as ArchiveError {
            #expect(error.description.contains(path.path))
            #expect(error.description.count > path.path.count + 4)
        }
    }

    @Test func aCorruptArchiveGivesAClearError() throws {
        let scratch = try Scratch()
        let path = try scratch.archive("c.tar.gz", format: .tarGzip) { writer in
            try writer.add(path: "a.txt", data: Data(String(repeating: "hello ", count: 10_000).utf8), modified: Date())
        }
        var bytes = [UInt8](try Data(contentsOf: path))
        for index in stride(from: 20, to: bytes.count - 10, by: 7) { bytes[index] ^= 0x5A }
        try Data(bytes).write(to: path)
        #expect(throws: ArchiveError.self) { try ArchiveReader.entries(atPath: path.path) }
        try Data("not an archive at all".utf8).write(to: path)
        #expect(throws: ArchiveError.self) { try ArchiveReader.entries(atPath: path.path) }
    }
}

@Suite struct HostileArchiveTests {
    /// Extracts into `target/inner` and checks nothing appeared outside it.
    func refused(_ build: (ArchiveWriter) throws -> Void, limits: ArchiveLimits = ArchiveLimits()) throws -> ArchiveError? {
        let scratch = try Scratch()
        let path = try scratch.archive("h.zip", format: .zip, build)
        let target = scratch.url.appendingPathComponent("target/inner")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let before = try FileManager.default.subpathsOfDirectory(atPath: scratch.url.path).sorted()
        defer {
            let after = (try? FileManager.default.subpathsOfDirectory(atPath: scratch.url.path).sorted()) ?? []
            #expect(after == before, "nothing written anywhere: \(Set(after).subtracting(before))")
        }
        do {
            try ArchiveExtractor.extract(archiveAt: path.path, into: target, limits: limits)
            return nil
        } catch let error as ArchiveError {
            return error
        }
    }

    @Test func dotDotEntriesAreRefused() throws {
        let error = try refused { try $0.add(path: "../../escaped.txt", data: Data("x".utf8), modified: Date()) }
        #expect(error?.description.contains("outside the target") == true)
    }

    @Test func absolutePathsAreRefused() throws {
        let error = try refused { try $0.add(path: "/tmp/absolute-\(UUID().uuidString).txt", data: Data("x".utf8), modified: Date()) }
        #expect(error?.description.contains("outside the target") == true)
    }

    @Test func aSymlinkThenAFileThroughItIsRefused() throws {
        let error = try refused { writer in
            try writer.addSymbolicLink(path: "link", target: "../..")
            try writer.add(path: "link/escaped.txt", data: Data("x".utf8), modified: Date())
        }
        #expect(error?.description.contains("symbolic link") == true)
    }

    @Test func tenThousandTinyEntriesAreRefused() throws {
        let error = try refused { writer in
            for n in 0..<10_000 { try writer.add(path: "f\(n)", data: Data([1]), modified: Date()) }
        }
        #expect(error?.description.contains("more than 1000 entries") == true)
    }

    @Test func aSmallFileThatInflatesPastTheCapIsRefused() throws {
        let error = try refused(
            { writer in
                try writer.add(path: "bomb.bin", data: Data(count: 32 << 20), modified: Date())
            }, limits: ArchiveLimits(maximumEntryBytes: 8 << 20))
        #expect(error?.description.contains("inflates past") == true)
    }

    @Test func aPlantedSymlinkInTheTargetIsNotFollowed() throws {
        let scratch = try Scratch()
        let path = try scratch.archive("p.zip", format: .zip) { try $0.add(path: "sub/file.txt", data: Data("x".utf8), modified: Date()) }
        let target = scratch.url.appendingPathComponent("target")
        let elsewhere = scratch.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: target.appendingPathComponent("sub"), withDestinationURL: elsewhere)
        #expect(throws: ArchiveError.self) { try ArchiveExtractor.extract(archiveAt: path.path, into: target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test func aSafeArchiveExtractsWithoutReplacingAnything() throws {
        let scratch = try Scratch()
        let path = try scratch.archive("s.zip", format: .zip) { writer in
            try writer.add(path: "a/b.txt", data: Data("b".utf8), modified: Date())
            try writer.add(path: "c.txt", data: Data("c".utf8), modified: Date())
        }
        let target = scratch.url.appendingPathComponent("t")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        #expect(try ArchiveExtractor.extract(archiveAt: path.path, into: target) == ["a/b.txt", "c.txt"])
        #expect(try String(contentsOf: target.appendingPathComponent("a/b.txt"), encoding: .utf8) == "b")
        // A second extraction would replace files: refused.
        #expect(throws: ArchiveError.self) { try ArchiveExtractor.extract(archiveAt: path.path, into: target) }
    }
}
