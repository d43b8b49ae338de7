import DropIndex
import Foundation
import PaymentFiles

/// Finds the documents a payment line names: by Teamleader id, structured communication or creditor
/// reference, a number column, then numbers in the payer's free text. Only documents the index knows
/// count (DESIGN.md rule 4). It says what the line names; `PaymentJudge` decides what to do with it.
struct PaymentMatcher {
    enum Lookup {
        case document(DocumentRecord, PaymentBasis)
        /// Several documents fit; the basis the line would have had.
        case ambiguous([DocumentRecord], PaymentBasis, reference: String)
        /// A number column names a number no delivered document has.
        case unknownNumber(String)
        /// Nothing this link delivered is named; why.
        case notOurs(String)
    }

    /// Each candidate document once; the lookups below hold positions in it.
    private var records: [DocumentRecord] = []
    private var byID: [String: Int] = [:]
    private var byReference: [String: [Int]] = [:]
    private var byNumber: [String: [Int]] = [:]

    /// Loads, in a few batched queries, every document the facts could mean. `extra` are texts written
    /// in review files (a number, a structured communication or an id).
    static func prepare(for facts: [PaymentFact], index: DropIndex, today: PaymentDay) async throws -> PaymentMatcher {
        var references: [String] = []
        var numbers: [String] = []
        var ids: [String] = []
        for fact in facts {
            if let id = fact.teamleaderID { ids.append(id) }
            if let reference = fact.structuredCommunication { references.append(reference) }
            if let reference = fact.creditorReference { references.append(reference) }
            numbers += numberKeys(for: fact, today: today) + fact.numbersInText
            if case .reviewAnswer(let answer) = fact.kind, case .document(let written) = answer.decision {
                let key = Self.reference(written)
                ids.append(key.lowercased())
                references.append(key)
            }
        }
        var matcher = PaymentMatcher()
        matcher.records = try await index.documents(paymentReferences: references, numberKeys: numbers, ids: ids)
        for (position, record) in matcher.records.enumerated() {
            matcher.byID[record.id] = position
            if let reference = record.paymentReference { matcher.byReference[reference, default: []].append(position) }
            matcher.byNumber[record.numberKey, default: []].append(position)
        }
        return matcher
    }

    /// A written reference as the index keys it: 12 digits for a structured communication, a creditor
    /// reference without spaces, else the text itself.
    static func reference(_ written: String) -> String {
        if let digits = StructuredCommunication.digits(written), StructuredCommunication.isValid(digits) { return digits }
        return CreditorReference.valid(written) ?? written.trimmingCharacters(in: .whitespaces)
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

    /// The number keys a number column's value could mean: the number normalised, or a bare sequence
    /// in the payment's year or the year before.
    static func numberKeys(for fact: PaymentFact, today: PaymentDay) -> [String] {
        guard let number = fact.documentNumber else { return [] }
        return numberKeys(number, year: (fact.date ?? today).year)
    }

    static func numberKeys(_ number: String, year: Int) -> [String] {
        let trimmed = withoutCreditNoteMark(number).trimmingCharacters(in: .whitespaces)
        if DocumentNumber.parse(trimmed) != nil { return [DocumentNumber.key(trimmed)] }
        if !trimmed.isEmpty, trimmed.count <= 9, trimmed.allSatisfy(\.isASCIIDigit), let sequence = Int(trimmed) {
            return ["\(year)/\(sequence)", "\(year - 1)/\(sequence)"]
        }
        return [DocumentNumber.key(trimmed)]
    }
}

extension PaymentMatcher {
    /// What a line names, within `scope` (the company whose folder it was dropped in).
    func lookup(_ fact: PaymentFact, scope: String?, today: PaymentDay) -> Lookup {
        func scoped(_ positions: [Int]?) -> [DocumentRecord] {
            let found = (positions ?? []).map { records[$0] }
            return scope.map { company in found.filter { $0.company == company } } ?? found
        }
        func decide(_ found: [DocumentRecord], _ basis: PaymentBasis, _ reference: String) -> Lookup? {
            let unique = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }).values.sorted { $0.company < $1.company }
            switch unique.count {
            case 0: return nil
            case 1: return .document(unique[0], basis)
            default: return .ambiguous(unique, basis, reference: reference)
            }
        }
        if let id = fact.teamleaderID {
            return decide(scoped(byID[id].map { [$0] }), .teamleaderID, id) ?? .notOurs("Teamleader id \(id) is not a document this link delivered")
        }
        for (reference, basis) in [(fact.structuredCommunication, PaymentBasis.structuredCommunication), (fact.creditorReference, .creditorReference)] {
            guard let reference else { continue }
            if let found = decide(scoped(byReference[reference]), basis, reference) { return found }
        }
        if let number = fact.documentNumber {
            // Credit notes are numbered like invoices: a bare number means the invoice unless it says credit note.
            let wantsCreditNote = Self.namesCreditNote(number)
            let keys = Self.numberKeys(number, year: (fact.date ?? today).year)
            let found = keys.flatMap { scoped(byNumber[$0]) }.filter { ($0.kind == .creditNote) == wantsCreditNote }
            return decide(found, .number, number) ?? .unknownNumber(number)
        }
        if !fact.numbersInText.isEmpty {
            let found = fact.numbersInText.flatMap { scoped(byNumber[$0]) }.filter { $0.kind == .invoice }
            if let decided = decide(found, .text, fact.numbersInText.joined(separator: ", ")) { return decided }
        }
        if let reference = fact.structuredCommunication {
            return .notOurs("structured communication \(StructuredCommunication.format(reference)) is not a document this link delivered")
        }
        if let reference = fact.creditorReference { return .notOurs("creditor reference \(reference) is not a document this link delivered") }
        if let number = fact.numbersInText.first {
            return .notOurs("\(number.replacingOccurrences(of: "/", with: " / ")) in the communication is not a document this link delivered")
        }
        if !fact.otherReferences.isEmpty {
            return .notOurs("no reference of this link (it carries a \(fact.otherReferences.map(\.scheme.rawValue).joined(separator: ", ")))")
        }
        return .notOurs("names no document: no structured communication or Teamleader number in it")
    }

    /// The documents a review file's answer names (a number, structured communication or Teamleader id).
    func lookup(written: String, scope: String?, year: Int) -> [DocumentRecord] {
        func scoped(_ positions: [Int]?) -> [DocumentRecord] {
            let found = (positions ?? []).map { records[$0] }
            return scope.map { company in found.filter { $0.company == company } } ?? found
        }
        let reference = Self.reference(written)
        if let position = byID[reference.lowercased()] { return scoped([position]) }
        if let positions = byReference[reference] { return scoped(positions) }
        let wantsCreditNote = Self.namesCreditNote(written)
        let found = Self.numberKeys(written, year: year).flatMap { scoped(byNumber[$0]) }.filter { ($0.kind == .creditNote) == wantsCreditNote }
        return Array(Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }).values).sorted { $0.company < $1.company }
    }
}
