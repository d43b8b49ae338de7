package import Archives
package import Foundation
import Wording

/// Reads a payment-status file of any supported kind, detected by its content, never by its name:
/// delimited text (accounting and bank exports), XLSX, JSON (payment lists and bank-API exports),
/// camt.052/053/054, CODA, MT940, tldrop's own review files, and ZIP bundles of these.
///
/// Bytes in, facts out: no file system, no database. Text, XML and JSON are read as they stream, and
/// what they say is handed on in batches, so a file's size does not decide how much memory reading it
/// takes; ZIP bundles and XLSX workbooks are unpacked in memory (within `ArchiveLimits`). A file that
/// cannot be read as a whole throws a `PaymentFileError` naming the line and what was expected (after
/// batches may already have been handed on: the caller applies a file all or nothing).
package enum PaymentFileReader {
    /// The largest file read at all.
    package static let maximumBytes = 64 << 20
    /// Facts and problems a batch holds.
    package static let batchSize = 2_000

    /// Reads `input`, handing its facts and problems to `deliver` in batches of at most `batchSize`.
    package static func read(
        _ input: PaymentInput, limits: ArchiveLimits = ArchiveLimits(), batchSize: Int = batchSize,
        deliver: @escaping (PaymentBatch) throws -> Void
    ) throws -> PaymentFileSummary {
        var sink = PaymentSink(batchSize: batchSize, deliver: deliver)
        let format = try read(input, limits: limits, depth: 0, into: &sink)
        try sink.flush()
        return PaymentFileSummary(format: format, readingNotes: sink.notes + sink.reasonNotes, ignored: sink.ignoredTotal)
    }

    /// Reads bytes already in memory into one `PaymentFile` (small files, tests).
    package static func read(_ data: Data, limits: ArchiveLimits = ArchiveLimits()) throws -> PaymentFile {
        var file = PaymentFile(format: .delimited)
        let summary = try withoutActuallyEscaping({ (batch: PaymentBatch) in
            file.facts += batch.facts
            file.problems += batch.problems
        }) { deliver in
            try read(PaymentInput(data), limits: limits, deliver: deliver)
        }
        file.format = summary.format
        file.readingNotes = summary.readingNotes
        file.ignored = summary.ignored
        return file
    }

    private static func read(_ input: PaymentInput, limits: ArchiveLimits, depth: Int, into sink: inout PaymentSink) throws -> PaymentFileFormat {
        guard input.size > 0 else { throw PaymentFileError(.readEmptyFile) }
        guard input.size <= maximumBytes else { throw PaymentFileError(.readTooLarge, maximumBytes >> 20) }
        let start = try input.prefix(4096)
        if start.starts(with: [0x50, 0x4B, 0x03, 0x04]) || start.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let entries: [ArchiveEntry]
            do {
                entries = try ArchiveReader.entries(in: try input.data(), formats: [.zip], limits: limits)
            } catch let error as ArchiveError {
                throw PaymentFileError(.readZipUnreadable, "\(error)")
            }
            if entries.contains(where: { $0.path == "xl/workbook.xml" }) { return try XLSXPayments.read(entries, into: &sink) }
            guard depth == 0 else { throw PaymentFileError(.readZipInZip) }
            try bundle(entries, limits: limits, into: &sink)
            return .zip
        }
        // Classify by the start only: a large statement is never decoded whole.
        let head = TextDecoding.decode(Data(start)).text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if head.hasPrefix("<") { return try CamtPayments.read(input, into: &sink) }
        let encoding = try TextEncoding.detect(input)
        let stream = { TextStream(input, encoding: encoding) }
        if head.hasPrefix("{1:") {
            try MT940Payments.read(stream, into: &sink)
            return .mt940
        }
        if head.hasPrefix("[") || head.hasPrefix("{") { return try JSONPayments.read(input, encoding: encoding, into: &sink) }
        if TextDecoding.looksBinary(String(head)) {
            throw PaymentFileError(.readNotAPaymentFile)
        }
        if CODAPayments.looks(like: String(head)) {
            try CODAPayments.read(stream, into: &sink)
            return .coda
        }
        if try MT940Payments.looks(like: String(head), stream: stream()) {
            try MT940Payments.read(stream, into: &sink)
            return .mt940
        }
        return try DelimitedPayments.read(input, encoding: encoding, into: &sink)
    }

    /// A ZIP bundle: each member read on its own; its facts and problems carry the member's name.
    private static func bundle(_ entries: [ArchiveEntry], limits: ArchiveLimits, into sink: inout PaymentSink) throws {
        let members = entries.filter {
            $0.kind == .file && !($0.path as NSString).lastPathComponent.hasPrefix(".") && !$0.path.hasPrefix("__MACOSX/")
        }
        guard !members.isEmpty else { throw PaymentFileError(.readZipEmpty) }
        for member in members {
            guard member.hasSafePath else {
                throw PaymentFileError(.readZipUnsafePath, member.path)
            }
            let notes = sink.notes
            var inner = sink
            inner.member = member.path
            inner.notes = []
            let format: PaymentFileFormat
            do {
                format = try read(PaymentInput(member.data), limits: limits, depth: 1, into: &inner)
            } catch let error as PaymentFileError {
                throw error.line.map { PaymentFileError(.readInMemberLine, member.path, $0, error.reading) }
                    ?? PaymentFileError(.readInMember, member.path, error.reading)
            }
            let said = inner.notes
            sink = inner
            sink.member = nil
            sink.notes = notes + [ReadingMessage(.noteMember, member.path, format.name)] + said
        }
    }
}
