import DropFiles
import DropIndex
import DropTestSupport
import DropValues
import Foundation
import TeamleaderSandbox
import Testing

@testable import DropAgent

/// `DocumentPublisher`'s conflict rule, on the publisher alone: a name that holds other bytes is never
/// written over and nothing of the document goes out; the same bytes are adopted as they are; while the
/// other file stays, the document waits without a download, and once it is moved away it goes out.
@Suite struct DocumentPublisherTests {
    static let theirs = Data("the accountant's own file\n".utf8)

    @Test func aNameHoldingOtherBytesIsAConflictAndNothingOfTheDocumentIsWritten() async throws {
        try await MirrorParts.with { parts in
            let (invoice, document) = try await parts.firstOpenInvoice()
            let names = parts.names(of: document)
            #expect(names.count == 2, "\(names)")
            let taken = parts.folder.appendingPathComponent(names[0])
            try Self.theirs.write(to: taken)
            let (failures, report) = try await parts.publish([document])
            #expect(failures == 0)
            #expect(report.conflicts == [document.number] && report.mirrored == 0)
            #expect(try Data(contentsOf: taken) == Self.theirs, "never written over")
            #expect(!FileManager.default.fileExists(atPath: parts.folder.appendingPathComponent(names[1]).path), "no half document")
            let record = try #require(try await parts.context.index.documents(ids: [invoice.id])[invoice.id])
            #expect(record.state == .conflict)
        }
    }

    @Test func theSameBytesAlreadyThereAreAdoptedAsTheyAre() async throws {
        try await MirrorParts.with { parts in
            let (invoice, document) = try await parts.firstOpenInvoice()
            var inodes: [String: UInt64] = [:]
            for target in DocumentTargets(configuration: parts.context.configuration).targets(for: document) {
                let bytes = try #require(parts.harness.sandbox.documentBytes(id: invoice.id, format: target.format.rawValue))
                let url = parts.folder.appendingPathComponent(target.name)
                try bytes.write(to: url)
                inodes[target.name] = try Self.inode(url)
            }
            let (failures, report) = try await parts.publish([document])
            #expect(failures == 0 && report.adopted == 1 && report.mirrored == 0 && report.conflicts.isEmpty)
            for (name, inode) in inodes {
                #expect(try Self.inode(parts.folder.appendingPathComponent(name)) == inode, "\(name) was left in place")
            }
            let record = try #require(try await parts.context.index.documents(ids: [invoice.id])[invoice.id])
            #expect(record.state == .mirrored)
        }
    }

    @Test func aConflictWaitsWithoutADownloadUntilTheOtherFileIsMovedAway() async throws {
        try await MirrorParts.with { parts in
            let (invoice, document) = try await parts.firstOpenInvoice()
            let taken = parts.folder.appendingPathComponent(parts.names(of: document)[0])
            try Self.theirs.write(to: taken)
            _ = try await parts.publish([document])
            let downloads = parts.harness.sandbox.requestCounts["invoices.download"] ?? 0
            let waiting = try await parts.publish([document])
            #expect(waiting.failures == 0 && waiting.report.conflicts.isEmpty && waiting.report.mirrored == 0)
            #expect(parts.harness.sandbox.requestCounts["invoices.download"] ?? 0 == downloads, "no download while the name is taken")
            try FileManager.default.moveItem(at: taken, to: parts.harness.root.appendingPathComponent("moved-away.pdf"))
            let published = try await parts.publish([document])
            #expect(published.report.mirrored == 1)
            let expected = try #require(parts.harness.sandbox.documentBytes(id: invoice.id, format: "pdf"))
            #expect(try Data(contentsOf: taken) == expected)
            #expect(try Data(contentsOf: parts.harness.root.appendingPathComponent("moved-away.pdf")) == Self.theirs)
        }
    }

    static func inode(_ url: URL) throws -> UInt64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return try #require(attributes[.systemFileNumber] as? UInt64)
    }
}
