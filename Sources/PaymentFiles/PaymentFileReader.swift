import Archives
import Foundation

/// Reads a payment-status file of any supported kind, detected by its content, never by its name:
/// delimited text (accounting and bank exports), XLSX, JSON (payment lists and bank-API exports),
/// camt.052/053/054, CODA, MT940, tldrop's own review files, and ZIP bundles of these.
///
/// Bytes in, facts out: no file system, no database. A file that cannot be read as a whole throws a
/// `PaymentFileError` naming the line and what was expected; a readable one returns its good facts and
/// its bad lines.
public enum PaymentFileReader {
    /// The largest file read at all.
    public static let maximumBytes = 64 << 20

    public static func read(_ data: Data, limits: ArchiveLimits = ArchiveLimits()) throws -> PaymentFile {
        try read(data, limits: limits, depth: 0)
    }

    private static func read(_ data: Data, limits: ArchiveLimits, depth: Int) throws -> PaymentFile {
        guard !data.isEmpty else { throw PaymentFileError("the file is empty") }
        guard data.count <= maximumBytes else { throw PaymentFileError("the file is larger than \(maximumBytes >> 20) MiB") }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let entries: [ArchiveEntry]
            do {
                entries = try ArchiveReader.entries(in: data, formats: [.zip], limits: limits)
            } catch let error as ArchiveError {
                throw PaymentFileError("the ZIP file cannot be read: \(error)")
            }
            if entries.contains(where: { $0.path == "xl/workbook.xml" }) { return try XLSXPayments.read(entries) }
            guard depth == 0 else { throw PaymentFileError("a ZIP inside a ZIP is not read") }
            return try bundle(entries, limits: limits)
        }
        // Classify by the start only: a large statement is not decoded (and copied) before its parser reads it.
        let head = TextDecoding.decode(data.prefix(4096)).text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if head.hasPrefix("<") {
            return try CamtPayments.read(data)
        }
        let decoded = TextDecoding.decode(data)
        let text = decoded.text
        if head.hasPrefix("{1:") { return try MT940Payments.read(text) }
        if head.hasPrefix("[") || head.hasPrefix("{") {
            return try JSONPayments.read(Data(text.utf8))
        }
        if TextDecoding.looksBinary(text) {
            throw PaymentFileError(
                "not a payment file: expected delimited text (CSV), XLSX, JSON, camt.052/053/054 XML, CODA, MT940 or a ZIP of those")
        }
        if CODAPayments.looks(like: text) { return try CODAPayments.read(text) }
        if MT940Payments.looks(like: text) { return try MT940Payments.read(text) }
        return try DelimitedPayments.read(text, encoding: decoded.encoding)
    }

    /// A ZIP bundle: each member read on its own; its facts and problems carry the member's name.
    private static func bundle(_ entries: [ArchiveEntry], limits: ArchiveLimits) throws -> PaymentFile {
        var file = PaymentFile(format: .zip)
        let members = entries.filter { $0.kind == .file && !($0.path as NSString).lastPathComponent.hasPrefix(".") && !$0.path.hasPrefix("__MACOSX/") }
        guard !members.isEmpty else { throw PaymentFileError("the ZIP file holds no file") }
        for member in members {
            guard member.hasSafePath else {
                throw PaymentFileError("the ZIP member '\(member.path)' has a path that leaves the archive")
            }
            do {
                let inner = try read(member.data, limits: limits, depth: 1)
                file.facts += inner.facts.map { var fact = $0; fact.member = member.path; return fact }
                file.problems += inner.problems.map { var problem = $0; problem.member = member.path; return problem }
                file.ignored += inner.ignored
                file.notes.append("\(member.path): \(inner.format.rawValue)" + (inner.notes.isEmpty ? "" : ", " + inner.notes.joined(separator: "; ")))
            } catch let error as PaymentFileError {
                throw PaymentFileError("in '\(member.path)'\(error.line.map { " line \($0)" } ?? ""): \(error.message)")
            }
        }
        return file
    }
}
