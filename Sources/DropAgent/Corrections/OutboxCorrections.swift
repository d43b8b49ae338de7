import DropFiles
import DropIndex
import DropValues
import Foundation
import Logging
import PaymentFiles
import TeamleaderAPI
import Wording

/// What the admin's file operations amounted to in one run.
package struct CorrectionsReport: Codable, Sendable, Equatable {
    /// Files an admin deleted (recorded, never brought back by themselves).
    package var deleted: [String] = []
    package var reimported: [String] = []
    /// Re-imports that found the same bytes in Teamleader: nothing moved.
    package var unchanged: [String] = []
    /// Markers that named nothing, or whose re-import failed (each now `<marker>.failed`).
    package var failedMarkers: [String] = []
    /// Files put there by hand and adopted as manual revisions.
    package var adopted: [String] = []
    /// Files put back (the very bytes tldrop had written).
    package var restored: [String] = []
    /// Files tldrop does not know, left alone, per company.
    package var foreign: [String: [String]] = [:]
    /// Markers left for a run when Teamleader can be reached.
    package var waitingMarkers: [String] = []

    package init() {}
}

/// Compares each company folder with the index, at the start of a run, and turns what the admin did
/// into records: deletions, `.reimport` markers, files put back or put there by hand, foreign files.
struct OutboxCorrections {
    let context: AgentContext

    private var layout: RootLayout { context.layout }
    private var index: DropIndex { context.index }
    private var configuration: AgentConfiguration { context.configuration }

    static let markerSuffix = ".reimport"

    /// - Parameter linkUp: markers need Teamleader; without it they wait for a later run.
    func run(linkUp: Bool) async throws -> CorrectionsReport {
        var report = CorrectionsReport()
        if linkUp { try await finishInterruptedCommands(report: &report) }
        for company in configuration.companies.map(\.name) {
            let folder = layout.companyFolder(company)
            guard FileManager.default.fileExists(atPath: folder.path) else { continue }
            try await correct(company: company, folder: folder, linkUp: linkUp, report: &report)
        }
        return report
    }

    /// `tldrop reimport` commands that did not end (killed, power cut): finished now, as their markers would be.
    private func finishInterruptedCommands(report: inout CorrectionsReport) async throws {
        for (key, _) in try await index.states(prefix: Reimporter.intentPrefix) {
            let id = String(key.dropFirst(Reimporter.intentPrefix.count))
            if let document = try await index.document(id: id) {
                do {
                    let result = try await Reimporter(context: context).reimport(document)
                    if case .unchanged = result.change { report.unchanged.append(document.number) } else { report.reimported.append(document.number) }
                } catch let error as TeamleaderError where error.isTransient || error.isLinkBroken {
                    throw error
                } catch {
                    report.failedMarkers.append("\(document.company)/\(document.number): \(error)")
                    try await index.record(EventRecord(documentId: document.id, kind: .reimportFailed, detail: "\(error)"))
                }
            }
            try await index.removeState([key])
        }
    }

    private func correct(company: String, folder: URL, linkUp: Bool, report: inout CorrectionsReport) async throws {
        let directory = try RawDirectory(folder)
        let lookup = DocumentLookup(index: index)
        // Markers first: a re-import may produce files the checks below must then find in place.
        try await markers(company: company, directory: directory, lookup: lookup, linkUp: linkUp, report: &report)
        try directory.sync()
        let names = try directory.names().filter { !$0.isHidden }
        let known = try await deletions(company: company, present: Set(names.map(\.description)), report: &report)
        try await arrivals(company: company, folder: folder, directory: directory, names: names, known: known, lookup: lookup, report: &report)
    }

    /// `<number>.reimport` markers: each re-imported, or turned into `.failed` with the reason.
    private func markers(
        company: String, directory: RawDirectory, lookup: DocumentLookup, linkUp: Bool, report: inout CorrectionsReport
    ) async throws {
        let names = try directory.names().filter { !$0.isHidden }
        for marker in names where marker.description.lowercased().hasSuffix(Self.markerSuffix) {
            let text = marker.description
            let target = String(text.dropLast(Self.markerSuffix.count))
            guard linkUp else {
                report.waitingMarkers.append("\(company)/\(text)")
                continue
            }
            let files = try await index.allFiles(company: company)
            do {
                guard let document = try await lookup.document(named: target, company: company, files: files) else {
                    throw DocumentLookup.Failure.unknown(target)
                }
                let result = try await Reimporter(context: context).reimport(document)
                CrashPoint.hit("before-marker-removal")
                try directory.remove(marker)
                if case .unchanged = result.change {
                    report.unchanged.append(document.number)
                } else {
                    report.reimported.append(document.number)
                }
            } catch let error as TeamleaderError where error.isTransient || error.isLinkBroken {
                throw error
            } catch let error where error is FileError || error is IndexError {
                // The disk's or the index's trouble, not the marker's: it stays for the next run.
                throw error
            } catch {
                // The marker becomes <marker>.failed holding the reason, in the admin's language; they can
                // read it and try again.
                let w = configuration.wording
                let why = (error as? DocumentLookup.Failure)?.words ?? (error as? Reimporter.Failure)?.words ?? .verbatim("\(error)")
                let reason = w(.markerFailed, target, company, w.stamp(context.now())) + "\n" + why.text(w) + "\n"
                try directory.create(marker.appending(".failed"), contents: Data(reason.utf8))
                try directory.remove(marker)
                report.failedMarkers.append("\(company)/\(text): \(error)")
                if let document = try? await lookup.document(named: target, company: company, files: files) {
                    try await index.record(EventRecord(documentId: document.id, kind: .reimportFailed, detail: "\(error)"))
                }
            }
        }
    }

    /// Files the index has as published but the folder no longer holds: deleted by the admin. Returns
    /// the names of the published files.
    private func deletions(company: String, present: Set<String>, report: inout CorrectionsReport) async throws -> Set<String> {
        let live = try await index.liveFiles(company: company).filter { $0.state == .published }
        var known = Set<String>()
        for file in live {
            let name = (file.path as NSString).lastPathComponent
            known.insert(name)
            guard !present.contains(name) else { continue }
            try await index.setFileState(
                id: try file.persistedID, .deleted, event: EventRecord(documentId: file.documentId, kind: .deletedInOutbox, detail: name))
            report.deleted.append("\(company)/\(name)")
        }
        return known
    }

    /// Everything else in the folder: put back, put there by hand, or foreign.
    private func arrivals(
        company: String, folder: URL, directory: RawDirectory, names: [RawName], known: Set<String>, lookup: DocumentLookup,
        report: inout CorrectionsReport
    ) async throws {
        var foreign: [String] = []
        let allFiles = try await index.allFiles(company: company)
        for name in names {
            let text = name.description
            guard !known.contains(text), !text.lowercased().hasSuffix(Self.markerSuffix), !text.hasSuffix(".failed") else { continue }
            guard let info = directory.status(name) else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if text != RootLayout.archiveFolder, text != RootLayout.reportsFolder { foreign.append(text + "/") }
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                foreign.append(text)
                continue
            }
            let url = folder.appendingPathComponent(text)
            let sha = try? DurableFile.sha256(of: url)
            // The very bytes tldrop wrote, back under their name: restored.
            if let earlier = allFiles.first(where: { ($0.path as NSString).lastPathComponent == text && $0.sha256 == sha }),
                earlier.state == .deleted
            {
                try await index.setFileState(
                    id: try earlier.persistedID, .published,
                    event: EventRecord(documentId: earlier.documentId, kind: .restored, detail: "\(text) put back"))
                report.restored.append("\(company)/\(text)")
                continue
            }
            if let sha, allFiles.contains(where: { $0.sha256 == sha && ($0.path as NSString).lastPathComponent == text }) { continue }
            if let sha, let document = try await lookup.document(named: text, company: company, files: []) {
                try await index.adoptManualFile(
                    documentId: document.id, path: layout.relative(url), sha256: sha, size: Int64(info.st_size),
                    format: text.lowercased().hasSuffix(".pdf") ? .pdf : .manual)
                report.adopted.append("\(company)/\(text)")
                continue
            }
            foreign.append(text)
        }
        report.foreign[company] = foreign.sorted()
        try await index.setState(["foreign.\(company)": foreign.sorted().joined(separator: "\n")])
    }
}
