import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

extension AgentHarness {
    /// Booked documents of a department, as (id, number), invoices and credit notes.
    func bookedDocuments(department: String) -> [(id: String, number: String)] {
        sandbox.invoices.filter { $0.departmentID == department && $0.status != "draft" }.map { ($0.id, $0.number!) }
            + sandbox.creditNotes.filter { $0.departmentID == department }.map { ($0.id, $0.number) }
    }

    /// Checks the invariants every run must leave: each booked document of each company recorded once,
    /// its files on disk with the recorded bytes, no temporary file, nothing pending.
    func expectConverged(formats: Int = 2, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let index = try openIndex()
        for (position, department) in sandbox.departments.enumerated() {
            let company = "Company \(position + 1)"
            let expected = bookedDocuments(department: department.id)
            let records = try await index.documents(ids: expected.map(\.id))
            #expect(records.count == expected.count, "\(company): every booked document recorded", sourceLocation: sourceLocation)
            #expect(records.values.allSatisfy { $0.state == .mirrored && $0.company == company }, sourceLocation: sourceLocation)
            var recorded: [String] = []
            for record in records.values {
                // Current files are loose (published) or, for closed months, archived.
                let files = try await index.files(documentId: record.id, states: [.published, .archived])
                let wanted = record.kind == .creditNote ? min(formats, 2) : formats
                #expect(files.count == wanted, "\(record.number) has \(files.count) files", sourceLocation: sourceLocation)
                for file in files where file.state == .published {
                    #expect(try DurableFile.sha256(of: layout.absolute(file.path)) == file.sha256, sourceLocation: sourceLocation)
                    recorded.append((file.path as NSString).lastPathComponent)
                }
                for file in files where file.state == .archived {
                    #expect(file.archive != nil && !FileManager.default.fileExists(atPath: layout.absolute(file.path).path), sourceLocation: sourceLocation)
                }
            }
            let onDisk = files(in: company).filter { $0 != "Archive" }
            #expect(onDisk.filter { $0.hasPrefix(".") }.isEmpty, "no temporary files: \(onDisk)", sourceLocation: sourceLocation)
            #expect(Set(onDisk) == Set(recorded), "disk and index agree", sourceLocation: sourceLocation)
            #expect(onDisk.count == recorded.count, sourceLocation: sourceLocation)
        }
        #expect(try await index.pendingFiles().isEmpty, sourceLocation: sourceLocation)
    }
}
