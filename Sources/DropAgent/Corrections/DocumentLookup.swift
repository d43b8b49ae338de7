import DropIndex
import Foundation
import PaymentFiles
import Wording

/// Finds documents by what an admin types or names a file: a number as Teamleader prints it
/// (`2026 / 42`), as tldrop writes it in file names (`2026-42`, `CN-2026-5`), or a file name.
struct DocumentLookup {
    let index: DropIndex

    package enum Failure: Error, CustomStringConvertible {
        case unknown(String)
        case ambiguous(String, companies: [String])

        package var description: String {
            switch self {
            case .unknown(let text): return "no document the link delivered has the number '\(text)'"
            case .ambiguous(let text, let companies):
                return "'\(text)' exists in " + companies.map { "'\($0)'" }.joined(separator: " and ") + "; add which, for example: "
                    + companies.map { "--company '\($0)'" }.joined(separator: " or ")
            }
        }

        /// For a folder file (a marker's `.failed`): in the configured language.
        var words: Words {
            switch self {
            case .unknown(let text): return Words(.lookupUnknown, text)
            case .ambiguous(let text, let companies): return Words(.lookupAmbiguous, text, companies.map { "'\($0)'" }.joined(separator: ", "))
            }
        }
    }

    /// The document a number names, in `company` when given.
    func document(number text: String, company: String?) async throws -> DocumentRecord {
        let candidates = try await documents(number: text, company: company)
        guard let first = candidates.first else { throw Failure.unknown(text) }
        guard candidates.count == 1 else { throw Failure.ambiguous(text, companies: candidates.map(\.company)) }
        return first
    }

    func documents(number text: String, company: String?) async throws -> [DocumentRecord] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let creditNote = PaymentMatcher.namesCreditNote(trimmed)
        let bare = PaymentMatcher.withoutCreditNoteMark(trimmed)
        let key = DocumentNumber.key(bare)
        return try await index.documents(numberKey: key, company: company)
            .filter { ($0.kind == .creditNote) == creditNote }
    }

    /// The document a marker or a file name names: one of its files' names (with or without extension),
    /// else a number found in the name.
    func document(named name: String, company: String, files: [DocumentFileRecord]) async throws -> DocumentRecord? {
        let base = (name as NSString).deletingPathExtension
        if let file = files.first(where: {
            let fileName = ($0.path as NSString).lastPathComponent
            return fileName == name || (fileName as NSString).deletingPathExtension == name || fileName == base
        }) {
            return try await index.document(id: file.documentId)
        }
        if let found = try await found(number: name, company: company) { return found }
        // A file name of tldrop's shape: <date>_<number>_<customer>.<ext>.
        let parts = base.split(separator: "_", maxSplits: 2).map(String.init)
        if parts.count >= 2, let found = try await found(number: parts[1], company: company) { return found }
        return nil
    }

    /// The one document a number names, or nil when it names none or several; the index's own errors
    /// (a busy index) are thrown, not taken for "no such document".
    private func found(number: String, company: String) async throws -> DocumentRecord? {
        do {
            return try await document(number: number, company: company)
        } catch is Failure {
            return nil
        }
    }
}

extension DocumentLookup.Failure: ExitStatusCarrying {
    /// A number on the command line that names none or several documents is a usage error (64).
    package var exitStatus: ExitStatus { .usage }
}
