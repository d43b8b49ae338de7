import Foundation

/// Whether the payer a bank line names is the document's customer: the same name once case, accents,
/// punctuation and legal forms (`NV`, `BV`, `SRL`, …) are set aside, or one name's words all within
/// the other's.
enum CustomerName {
    static let legalForms: Set<String> = [
        "NV", "BV", "BVBA", "SA", "SPRL", "SRL", "CV", "CVBA", "SC", "SCRL", "SCS", "VZW", "ASBL", "COMMV", "GCV", "VOF",
        "SNC", "LTD", "GMBH", "INC", "LLC", "EBVBA", "SPRLU", "AG", "BVBA/SPRL", "THE", "DE", "LA", "LE",
    ]

    static func words(_ name: String) -> Set<String> {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).uppercased()
        let words = folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        return Set(words.filter { !legalForms.contains($0) && !$0.isEmpty })
    }

    static func matches(_ payer: String?, _ customer: String) -> Bool {
        guard let payer else { return false }
        let a = words(payer)
        let b = words(customer)
        guard !a.isEmpty, !b.isEmpty, a.contains(where: { $0.count >= 3 }) || b.contains(where: { $0.count >= 3 }) else { return false }
        return a == b || a.isSubset(of: b) || b.isSubset(of: a)
    }
}
