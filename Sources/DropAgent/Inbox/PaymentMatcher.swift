import DropIndex
import Foundation
import PaymentFiles

/// Finds the document a payment line means: by Teamleader id, then structured communication, then
/// document number (written out, or found in free text). Only documents the index knows count
/// (DESIGN.md rule 4); a number two companies share is ambiguous, never guessed.
struct PaymentMatcher {
    enum Match {
        case document(DocumentRecord)
        case ambiguous([DocumentRecord])
        /// A well-formed reference the link never delivered.
        case notDelivered(String)
        /// Nothing that names a document could be found.
        case unknown(String)
    }

    /// Each candidate document once; the lookups below hold positions in it.
    private var records: [DocumentRecord] = []
    private var byID: [String: Int] = [:]
    /// Each fact's number keys, computed once.
    private var keysByLine: [Int: [String]] = [:]
    private var byReference: [String: [Int]] = [:]
    private var byNumber: [String: [Int]] = [:]

    /// Loads, in a few batched queries, every document the facts could mean.
    static func prepare(for facts: [PaymentFact], index: DropIndex, today: PaymentDay) async throws -> PaymentMatcher {
        var references: [String] = []
        var numbers: [String] = []
        var ids: [String] = []
        var matcher = PaymentMatcher()
        for (position, fact) in facts.enumerated() {
            if let id = fact.teamleaderID { ids.append(id) }
            if let reference = fact.structuredCommunication { references.append(reference) }
            let keys = numberKeys(for: fact, today: today)
            matcher.keysByLine[position] = keys
            numbers += keys
        }
        matcher.records = try await index.documents(paymentReferences: references, numberKeys: numbers, ids: ids)
        for (position, record) in matcher.records.enumerated() {
            matcher.byID[record.id] = position
            if let reference = record.paymentReference { matcher.byReference[reference, default: []].append(position) }
            matcher.byNumber[record.numberKey, default: []].append(position)
        }
        return matcher
    }

    /// Whether a written number marks a credit note: `CN-2026-5`, `C/N 2026/5`, `KN 2026/5`, `NC 2026/5`.
    static func namesCreditNote(_ number: String) -> Bool {
        guard let first = number.utf8.first(where: { $0 != 0x20 }), first == UInt8(ascii: "C") || first == UInt8(ascii: "c")
            || first == UInt8(ascii: "K") || first == UInt8(ascii: "k") || first == UInt8(ascii: "N") || first == UInt8(ascii: "n")
        else { return false }
        let upper = number.uppercased().trimmingCharacters(in: .whitespaces)
        return ["CN", "C/N", "KN", "NC", "CREDIT"].contains { upper.hasPrefix($0) && !(upper.dropFirst($0.count).first?.isLetter ?? false) }
    }

    /// `CN-2026-5` → `2026-5`.
    static func withoutCreditNoteMark(_ number: String) -> String {
        guard namesCreditNote(number) else { return number }
        return String(number.trimmingCharacters(in: .whitespaces).drop { $0.isLetter || "/-_ .".contains($0) })
    }

    /// The number keys a fact could mean: its number normalised (a bare sequence in the payment's year
    /// or the year before), and every full number in its free text.
    static func numberKeys(for fact: PaymentFact, today: PaymentDay) -> [String] {
        var keys = fact.numbersInText
        if let number = fact.documentNumber {
            let trimmed = withoutCreditNoteMark(number).trimmingCharacters(in: .whitespaces)
            if DocumentNumber.parse(trimmed) != nil {
                keys.append(DocumentNumber.key(trimmed))
            } else if !trimmed.isEmpty, trimmed.count <= 9, trimmed.allSatisfy(\.isNumber), let sequence = Int(trimmed) {
                let year = (fact.date ?? today).year
                keys += ["\(year)/\(sequence)", "\(year - 1)/\(sequence)"]
            } else {
                keys.append(DocumentNumber.key(trimmed))
            }
        }
        return keys
    }

    /// - Parameter position: the fact's place in the list given to `prepare`, whose number keys are kept.
    func match(_ fact: PaymentFact, at position: Int, scope: String?, today: PaymentDay) -> Match {
        func scoped(_ records: [DocumentRecord]) -> [DocumentRecord] {
            scope.map { company in records.filter { $0.company == company } } ?? records
        }
        func decide(_ records: [DocumentRecord], _ reference: String) -> Match? {
            let candidates = scoped(records)
            switch candidates.count {
            case 0: return nil
            case 1: return .document(candidates[0])
            default: return .ambiguous(candidates)
            }
        }
        func documents(_ positions: [Int]?) -> [DocumentRecord] { (positions ?? []).map { records[$0] } }
        if let id = fact.teamleaderID {
            if let match = decide(documents(byID[id].map { [$0] }), id) { return match }
            return .notDelivered("Teamleader id \(id)")
        }
        if let reference = fact.structuredCommunication {
            if let match = decide(documents(byReference[reference]), reference) { return match }
            // A bank line may carry an OGM of another system but our number in its text: go on looking.
            if fact.documentNumber == nil, fact.numbersInText.isEmpty {
                return .notDelivered("structured communication \(StructuredCommunication.format(reference))")
            }
        }
        let keys = keysByLine[position] ?? Self.numberKeys(for: fact, today: today)
        // Credit notes are numbered like invoices: a bare number means the invoice unless it says
        // credit note (`CN-…`).
        let wantsCreditNote = fact.documentNumber.map(Self.namesCreditNote) ?? false
        var found: [String: DocumentRecord] = [:]
        for key in keys {
            for record in scoped(documents(byNumber[key])) where (record.kind == .creditNote) == wantsCreditNote {
                found[record.id] = record
            }
        }
        if found.count == 1, let record = found.values.first { return .document(record) }
        if found.count > 1 { return .ambiguous(found.values.sorted { $0.company < $1.company }) }
        if let number = fact.documentNumber {
            return DocumentNumber.parse(number.trimmingCharacters(in: .whitespaces)) != nil || fact.structuredCommunication != nil
                ? .notDelivered("number \(number)") : .unknown("number '\(number)' matches no document the link delivered")
        }
        if let reference = fact.structuredCommunication { return .notDelivered("structured communication \(StructuredCommunication.format(reference))") }
        if let first = fact.numbersInText.first { return .notDelivered("number \(first) in the communication") }
        return .unknown("no structured communication or document number in it")
    }
}
