import Foundation

/// What a column of a payment export holds, recognised from its header in English, Dutch or French.
enum ColumnRole: String, Sendable, CaseIterable {
    case teamleaderID, structured, number, freeText, paid, openAmount, amount, currency, date, counterparty

    /// Roles that point at a document.
    var isReference: Bool { [.teamleaderID, .structured, .number, .freeText].contains(self) }
}

enum HeaderVocabulary {
    /// Header words per role, accents folded and lower-cased, most specific first. Order between roles
    /// matters too: "payment date" must not be read as "payment reference".
    static let synonyms: [(ColumnRole, [String])] = [
        (.teamleaderID, ["teamleader id", "teamleader invoice id", "id teamleader", "teamleader"]),
        (.structured, [
            "structured communication", "gestructureerde mededeling", "communication structuree", "gestructureerde communicatie",
            "ogm", "vcs", "payment reference", "betalingsreferentie", "betaalreferentie", "betaalkenmerk",
            "structured reference", "reference structuree", "reference de paiement",
        ]),
        (.number, [
            "invoice number", "invoice no", "invoice nr", "invoicenumber", "invoice", "factuurnummer", "factuurnr",
            "factuur nummer", "factuur nr", "factuur", "documentnummer", "document number", "document nr", "document",
            "boekstuknummer", "boekstuk", "stuknummer", "stuknr", "numero de facture", "n de facture", "n facture",
            "no facture", "num facture", "facture", "numero de document", "piece", "your ref", "yourref", "number",
            "nummer", "numero",
        ]),
        (.freeText, [
            "vrije mededeling", "mededeling", "mededelingen", "omschrijving", "communication libre", "communication",
            "description", "details du mouvement", "detail van de omzet", "details", "detail", "libelles", "libelle",
            "remittance information", "message",
        ]),
        (.paid, [
            "paid", "is paid", "betaald", "voldaan", "paye", "payee", "settled", "afgepunt", "lettre", "status",
            "statut", "state", "betaalstatus", "statut de paiement",
        ]),
        (.openAmount, [
            "open amount", "amount due", "openstaand bedrag", "openstaand", "open bedrag", "montant ouvert",
            "reste a payer", "montant du", "solde restant",
        ]),
        (.amount, [
            "amount paid", "paid amount", "payment amount", "betaald bedrag", "bedrag betaald", "montant paye",
            "montant du paiement", "amount", "bedrag", "montant", "credit", "total", "totaal",
        ]),
        (.currency, ["currency", "currency code", "ccy", "munt", "munteenheid", "devise", "valuta rekening", "monnaie"]),
        (.date, [
            "payment date", "paid date", "paid at", "paid on", "date paid", "betaaldatum", "datum betaling",
            "betalingsdatum", "datum van betaling", "date de paiement", "date paiement", "date du paiement",
            "booking date", "boekingsdatum", "date comptable", "uitvoeringsdatum", "date d execution",
            "valutadatum", "value date", "date valeur", "date", "datum",
        ]),
        (.counterparty, ["naam tegenpartij", "naam van de tegenpartij", "tegenpartij", "counterparty", "payer", "customer", "klant", "client"]),
    ]

    /// Lower case, accents folded, punctuation as spaces, spaces collapsed.
    static func normalise(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var out = ""
        var space = false
        for character in folded {
            if character.isLetter || character.isNumber {
                if space, !out.isEmpty { out.append(" ") }
                out.append(character)
                space = false
            } else {
                space = true
            }
        }
        return out
    }

    /// The role a header cell names, if any (exact words first, then a header that starts with them).
    static func role(of header: String) -> (role: ColumnRole, rank: Int)? {
        let word = normalise(header)
        guard !word.isEmpty else { return nil }
        var rank = 0
        for (role, words) in synonyms {
            for candidate in words {
                if word == candidate { return (role, rank) }
                rank += 1
            }
        }
        rank = 0
        for (role, words) in synonyms {
            for candidate in words where candidate.count > 3 {
                if word.hasPrefix(candidate + " ") { return (role, 1000 + rank) }
                rank += 1
            }
        }
        return nil
    }

    /// The columns a header row names: each role once, its most specific column winning.
    static func columns(of header: [String]) -> [ColumnRole: Int] {
        var best: [ColumnRole: (rank: Int, column: Int)] = [:]
        for (column, cell) in header.enumerated() {
            guard let (role, rank) = role(of: cell) else { continue }
            if best[role].map({ rank < $0.rank }) ?? true { best[role] = (rank, column) }
        }
        return best.mapValues(\.column)
    }
}
