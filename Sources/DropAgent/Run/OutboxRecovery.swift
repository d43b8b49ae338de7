import DropFiles
import DropIndex
import Foundation
import Logging

/// At the start of a run, before anything new is written: removes temporary files an interrupted run
/// left, and finishes documents whose files were all published but not yet recorded as such.
struct OutboxRecovery: Sendable {
    let index: DropIndex
    let layout: RootLayout
    let logger: Logger

    struct Result: Sendable {
        var temporaryFilesRemoved = 0
        var documentsCompleted = 0
    }

    func recover(companies: [String]) async throws -> Result {
        var result = Result()
        // Only our own temporary names, only while we hold the run lock: nothing of a user's is touched.
        let processed = layout.processed
        let months = ((try? FileManager.default.contentsOfDirectory(atPath: processed.path)) ?? []).map { processed.appendingPathComponent($0) }
        let folders =
            [layout.outbox, layout.stateDirectory, layout.inbox, processed, layout.rejected, layout.review]
            + months + companies.map(layout.companyFolder) + companies.map(layout.rejected.appendingPathComponent)
            + companies.flatMap { [layout.archive(company: $0), layout.reports(company: $0)] }
        for folder in folders {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names where name.hasPrefix(DurableFile.temporaryPrefix) {
                if unlink(folder.appendingPathComponent(name).path) == 0 { result.temporaryFilesRemoved += 1 }
            }
        }
        let pending = Dictionary(grouping: try await index.pendingFiles(), by: \.documentId)
        for (documentId, files) in pending {
            let complete = files.allSatisfy { file in
                (try? DurableFile.sha256(of: layout.absolute(file.path))) == file.sha256
            }
            guard complete else { continue }
            try await index.finishPublishing(
                documentId: documentId, event: .mirrored,
                detail: files.map { ($0.path as NSString).lastPathComponent }.joined(separator: ", ")
                    + " (completed after an interrupted run)")
            result.documentsCompleted += 1
        }
        if result.temporaryFilesRemoved + result.documentsCompleted > 0 {
            logger.info(
                "recovered from an interrupted run",
                metadata: ["temporary_files": "\(result.temporaryFilesRemoved)", "documents": "\(result.documentsCompleted)"])
        }
        return result
    }
}
