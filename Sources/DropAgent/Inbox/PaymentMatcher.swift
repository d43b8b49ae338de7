import DropIndex
import DropValues
import Foundation
import PaymentFiles
import Wording

/// Finds the documents a payment line names: by Teamleader id, structured communication or creditor
/// reference, a number column, then numbers in the payer's free text. Only documents the index knows
/// count (DESIGN.md rule 4). It says what the line names; `PaymentJudge` decides what to do with it.
struct PaymentMatcher: Sendable {
    enum Lookup: Sendable {
        case document(PayableDocument, PaymentBasis)
        /// Several documents fit; the basis the line would have had.
        case ambiguous([PayableDocument], PaymentBasis, reference: String)
        /// A number column names a number no delivered document has.
        case unknownNumber(String)
        /// Nothing this link delivered is named; why.
        case notOurs(NotOurs)
    }

    /// What a line names instead of a document this link delivered.
    enum NotOurs: Sendable {
        case teamleaderID(String)
        case structuredCommunication(String)
        case creditorReference(String)
        case numberInText(String)
        case otherReferences(String)
        case nothing

        func text(_ w: Wording) -> String {
            switch self {
            case .teamleaderID(let id): return w(.notOursID, id)
            case .structuredCommunication(let reference): return w(.notOursStructured, reference)
            case .creditorReference(let reference): return w(.notOursCreditor, reference)
            case .numberInText(let number): return w(.notOursText, number)
            case .otherReferences(let schemes): return w(.notOursOther, schemes)
            case .nothing: return w(.notOursNothing)
            }
        }
    }

    /// Each candidate document once; the lookups below hold positions in it. Documents sharing a key are
    /// chained (`next…`: the next position with the same key, or -1), which costs no array per key.
    private var records: [PayableDocument] = []
    private var byID: [String: Int] = [:]
    private var byReference: [String: Int] = [:]
    private var byNumber: [String: Int] = [:]
    private var nextWithReference: [Int] = []
    private var nextWithNumber: [Int] = []
    /// The number keys of each fact's number column, by the fact's position in the batch.
    private var numberKeys: [[String]] = []

    /// Loads, in a few batched queries, every document the facts could mean (review answers name theirs
    /// by a number, a structured communication or an id).
    static func prepare(for facts: [PaymentFact], in documents: PayableDocuments, today: CalendarDate) throws -> PaymentMatcher {
        var references: [String] = []
        var numbers: [String] = []
        var ids: [String] = []
        var matcher = PaymentMatcher()
        matcher.numberKeys.reserveCapacity(facts.count)
        for fact in facts {
            if let id = fact.teamleaderID { ids.append(id) }
            if let reference = fact.structuredCommunication { references.append(reference) }
            if let reference = fact.creditorReference { references.append(reference) }
            let keys = numberKeys(for: fact, today: today)
            matcher.numberKeys.append(keys)
            numbers += keys
            numbers += fact.numbersInText
            if case .reviewAnswer(let answer) = fact.kind, case .document(let written) = answer.decision {
                let key = Self.reference(written)
                ids.append(key.lowercased())
                references.append(key)
            }
        }
        matcher.records = try documents.find(paymentReferences: references, numberKeys: numbers, ids: ids)
        // Only the keys lines can use are indexed (hashing a Teamleader id costs as much as a lookup).
        let (withIDs, withReferences) = (!ids.isEmpty, !references.isEmpty)
        matcher.nextWithReference = Array(repeating: -1, count: withReferences ? matcher.records.count : 0)
        matcher.nextWithNumber = Array(repeating: -1, count: matcher.records.count)
        if withIDs { matcher.byID.reserveCapacity(matcher.records.count) }
        matcher.byNumber.reserveCapacity(matcher.records.count)
        for (position, record) in matcher.records.enumerated().reversed() {
            if withIDs { matcher.byID[record.id] = position }
            if withReferences, let reference = record.paymentReference {
                matcher.nextWithReference[position] = matcher.byReference[reference] ?? -1
                matcher.byReference[reference] = position
            }
            matcher.nextWithNumber[position] = matcher.byNumber[record.numberKey] ?? -1
            matcher.byNumber[record.numberKey] = position
        }
        return matcher
    }

    /// The documents a key names, in `scope` when there is one.
    private func chain(from first: Int?, _ next: [Int], scope: String?, into found: inout [PayableDocument]) {
        var position = first ?? -1
        while position >= 0 {
            let record = records[position]
            if scope == nil || record.company == scope { found.append(record) }
            position = next[position]
        }
    }

    /// A written reference as the index keys it: 12 digits for a structured communication, a creditor
    /// reference without spaces, else the text itself.
    static func reference(_ written: String) -> String {
        if let digits = StructuredCommunication.digits(written), StructuredCommunication.isValid(digits) { return digits }
        return CreditorReference.valid(written) ?? trimmed(written)
    }

    /// Whether a written number marks a credit note: `CN-2026-5`, `C/N 2026/5`, `KN 2026/5`, `NC 2026/5`.
    static func namesCreditNote(_ number: String) -> Bool {
        guard let first = number.utf8.first(where: { $0 != 0x20 }),
            first == UInt8(ascii: "C") || first == UInt8(ascii: "c")
                || first == UInt8(ascii: "K") || first == UInt8(ascii: "k") || first == UInt8(ascii: "N") || first == UInt8(ascii: "n")
        else { return false }
        let upper = trimmed(number.uppercased())
        return ["CN", "C/N", "KN", "NC", "CREDIT"].contains { upper.hasPrefix($0) && !(upper.dropFirst($0.count).first?.isLetter ?? false) }
    }

    /// `CN-2026-5` → `2026-5`.
    static func withoutCreditNoteMark(_ number: String) -> String {
        guard namesCreditNote(number) else { return number }
        return String(trimmed(number).drop { $0.isLetter || "/-_ .".contains($0) })
    }

    /// The number keys a number column's value could mean: the number normalised, or a bare sequence
    /// in the payment's year or the year before.
    static func numberKeys(for fact: PaymentFact, today: CalendarDate) -> [String] {
        guard let number = fact.documentNumber else { return [] }
        return numberKeys(number, year: (fact.date ?? today).year)
    }

    static func numberKeys(_ number: String, year: Int) -> [String] {
        let number = trimmed(withoutCreditNoteMark(number))
        if let (year, sequence) = DocumentNumber.parse(number) { return ["\(year)/\(sequence)"] }
        if !number.isEmpty, number.utf8.count <= 9, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let sequence = Int(number) {
            return ["\(year)/\(sequence)", "\(year - 1)/\(sequence)"]
        }
        return [DocumentNumber.key(number)]
    }

    /// Without white space around it; most numbers have none, and Foundation's trimming costs as much
    /// as the rest of matching a line.
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        // Letters and digits at both ends (nearly always): nothing to trim, nothing to look up.
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
        guard !plain(first) || !plain(last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

extension PaymentMatcher {
    /// What the line at `position` of the batch names, within `scope` (the company whose folder it was
    /// dropped in).
    func lookup(_ fact: PaymentFact, at position: Int, scope: String?) -> Lookup {
        func decide(_ found: [PayableDocument], _ basis: PaymentBasis, _ reference: String) -> Lookup? {
            if found.count == 1 { return .document(found[0], basis) }
            var seen = Set<String>()
            let unique = found.filter { seen.insert($0.id).inserted }.sorted { $0.company < $1.company }
            switch unique.count {
            case 0: return nil
            case 1: return .document(unique[0], basis)
            default: return .ambiguous(unique, basis, reference: reference)
            }
        }
        var found: [PayableDocument] = []
        if let id = fact.teamleaderID {
            if let position = byID[id], scope == nil || records[position].company == scope { found.append(records[position]) }
            return decide(found, .teamleaderID, id) ?? .notOurs(.teamleaderID(id))
        }
        for (reference, basis) in [
            (fact.structuredCommunication, PaymentBasis.structuredCommunication), (fact.creditorReference, .creditorReference),
        ] {
            guard let reference else { continue }
            found.removeAll(keepingCapacity: true)
            chain(from: byReference[reference], nextWithReference, scope: scope, into: &found)
            if let decided = decide(found, basis, reference) { return decided }
        }
        if let number = fact.documentNumber {
            // Credit notes are numbered like invoices: a bare number means the invoice unless it says credit note.
            let wantsCreditNote = Self.namesCreditNote(number)
            found.removeAll(keepingCapacity: true)
            for key in numberKeys[position] { chain(from: byNumber[key], nextWithNumber, scope: scope, into: &found) }
            found.removeAll { ($0.kind == .creditNote) != wantsCreditNote }
            return decide(found, .number, number) ?? .unknownNumber(number)
        }
        if !fact.numbersInText.isEmpty {
            found.removeAll(keepingCapacity: true)
            for key in fact.numbersInText { chain(from: byNumber[key], nextWithNumber, scope: scope, into: &found) }
            found.removeAll { $0.kind != .invoice }
            if let decided = decide(found, .text, fact.numbersInText.joined(separator: ", ")) { return decided }
        }
        if let reference = fact.structuredCommunication {
            return .notOurs(.structuredCommunication(StructuredCommunication.format(reference)))
        }
        if let reference = fact.creditorReference { return .notOurs(.creditorReference(reference)) }
        if let number = fact.numbersInText.first {
            return .notOurs(.numberInText(number.replacingOccurrences(of: "/", with: " / ")))
        }
        if !fact.otherReferences.isEmpty {
            return .notOurs(.otherReferences(fact.otherReferences.map(\.scheme.rawValue).joined(separator: ", ")))
        }
        return .notOurs(.nothing)
    }

    /// The documents a review file's answer names (a number, structured communication or Teamleader id).
    func lookup(written: String, scope: String?, year: Int) -> [PayableDocument] {
        let reference = Self.reference(written)
        var found: [PayableDocument] = []
        if let position = byID[reference.lowercased()] {
            if scope == nil || records[position].company == scope { found.append(records[position]) }
            return found
        }
        if byReference[reference] != nil {
            chain(from: byReference[reference], nextWithReference, scope: scope, into: &found)
            return found
        }
        let wantsCreditNote = Self.namesCreditNote(written)
        for key in Self.numberKeys(written, year: year) { chain(from: byNumber[key], nextWithNumber, scope: scope, into: &found) }
        var seen = Set<String>()
        return found.filter { ($0.kind == .creditNote) == wantsCreditNote && seen.insert($0.id).inserted }.sorted { $0.company < $1.company }
    }
}
