import DropAgent
import DropFiles
package import DropIndex
import DropValues
import Foundation
import TeamleaderSandbox

extension AgentHarness {
    /// Booked documents of a department, as (id, number), invoices and credit notes.
    package func bookedDocuments(department: String) -> [(id: String, number: String)] {
        sandbox.invoices.filter { $0.departmentID == department && $0.status != "draft" }.map { ($0.id, $0.number!) }
            + sandbox.creditNotes.filter { $0.departmentID == department }.map { ($0.id, $0.number) }
    }

    /// The invariants every run must leave, as a list of what is wrong (empty when all hold): each booked
    /// document of each company ("Company 1", …) recorded once and mirrored, its files loose with the
    /// recorded bytes or archived, the company folder holding exactly those files, no temporary file,
    /// nothing pending, and a report for every archived month.
    package func convergenceProblems(formats: Int = 2) async throws -> [String] {
        var problems: [String] = []
        let index = try openIndex()
        for (position, department) in sandbox.departments.enumerated() {
            let company = "Company \(position + 1)"
            let expected = bookedDocuments(department: department.id)
            let records = try await index.documents(ids: expected.map(\.id))
            if records.count != expected.count {
                problems.append("\(company): \(records.count) of \(expected.count) booked documents recorded")
            }
            for record in records.values where record.state != .mirrored || record.company != company {
                problems.append("\(company): \(record.number) is \(record.state) in \(record.company)")
            }
            var recorded: [String] = []
            for record in records.values {
                // Current files are loose (published) or, for closed months, archived.
                let files = try await index.files(documentId: record.id, states: [.published, .archived])
                let wanted = record.kind == .creditNote ? min(formats, 2) : formats
                if files.count != wanted { problems.append("\(company): \(record.number) has \(files.count) files, not \(wanted)") }
                for file in files where file.state == .published {
                    if (try? DurableFile.sha256(of: layout.absolute(file.path))) != file.sha256 {
                        problems.append("\(file.path): not the recorded bytes")
                    }
                    recorded.append((file.path as NSString).lastPathComponent)
                }
                for file in files where file.state == .archived {
                    if file.archive == nil || FileManager.default.fileExists(atPath: layout.absolute(file.path).path) {
                        problems.append("\(file.path): archived, yet \(file.archive == nil ? "in no archive" : "still loose")")
                    }
                }
            }
            let onDisk = files(in: company).filter { $0 != RootLayout.archiveFolder && $0 != RootLayout.reportsFolder }
            // Every closed month has its report, each revision complete (Markdown and CSV).
            func names(_ folder: URL) -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] }
            let reports = Set(names(layout.reports(company: company)))
            for archive in names(layout.archive(company: company)) where !archive.hasPrefix(".") {
                if !reports.contains(String(archive.prefix(7)) + ".md") { problems.append("\(company): no report for the archived \(archive)") }
            }
            for report in reports where report.hasSuffix(".md") && !reports.contains(String(report.dropLast(3)) + ".csv") {
                problems.append("\(company): \(report) without its CSV")
            }
            if reports.contains(where: { $0.hasPrefix(".") }) { problems.append("\(company): temporary files in Reports/") }
            let temporary = onDisk.filter { $0.hasPrefix(".") }
            if !temporary.isEmpty { problems.append("\(company): temporary files \(temporary)") }
            if Set(onDisk) != Set(recorded) || onDisk.count != recorded.count {
                problems.append(
                    "\(company): disk and index disagree: only on disk \(Set(onDisk).subtracting(recorded).sorted()), only in the index \(Set(recorded).subtracting(onDisk).sorted())"
                )
            }
        }
        let pending = try await index.pendingFiles()
        if !pending.isEmpty { problems.append("\(pending.count) files still pending") }
        return problems
    }

    /// A document of `company` whose PDF is in `state` (loose and published, or archived), if any.
    package func document(withPDF state: FileState, company: String) async throws -> DocumentRecord? {
        let index = try openIndex()
        guard let file = try await index.allFiles(company: company).first(where: { $0.state == state && $0.format == .pdf }) else { return nil }
        return try await index.document(id: file.documentId)
    }

    /// `.reimport` markers still in a company folder (a clean run leaves none: each is done or `.failed`).
    package func reimportMarkers() -> [String] {
        sandbox.departments.indices.flatMap { files(in: "Company \($0 + 1)").filter { $0.hasSuffix(".reimport") } }
    }

    /// Every temporary name anywhere under the root: what an interrupted write left.
    package func temporaryFiles() -> [String] {
        var found: [String] = []
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let path = walker?.nextObject() as? String {
            if (path as NSString).lastPathComponent.hasPrefix(DurableFile.temporaryPrefix) { found.append(path) }
        }
        return found
    }
}
