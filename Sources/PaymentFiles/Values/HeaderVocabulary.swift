import Foundation

/// What a column of a payment export holds, recognised from its header in English, Dutch or French.
enum ColumnRole: String, Sendable, CaseIterable {
    case teamleaderID, structured, number, freeText, paid, status, openAmount, amount, credit, debit, direction,
        currency, date, counterparty, refusal

    /// Its place in `allCases`, for tables indexed by role.
    var ordinal: Int {
        switch self {
        case .teamleaderID: 0
        case .structured: 1
        case .number: 2
        case .freeText: 3
        case .paid: 4
        case .status: 5
        case .openAmount: 6
        case .amount: 7
        case .credit: 8
        case .debit: 9
        case .direction: 10
        case .currency: 11
        case .date: 12
        case .counterparty: 13
        case .refusal: 14
        }
    }

    /// Roles that point at a document (or, for bank exports, may carry a reference).
    var isReference: Bool { [.teamleaderID, .structured, .number, .freeText].contains(self) }
}

/// Header words per role, accents folded and lower-cased, most specific first. Bank exports' header
/// sets: KBC/CBC, BNP Paribas Fortis and Fintro, Belfius, ING Belgium, Argenta, Crelan (NL and FR);
/// ING, Knab and Rabobank (NL).
enum HeaderVocabulary {
    /// Matched exactly. Order between roles matters too: "payment date" must not be read as "payment
    /// reference".
    static let synonyms: [(ColumnRole, [String])] = [
        (.teamleaderID, ["teamleader id", "teamleader invoice id", "id teamleader", "teamleader"]),
        (
            .structured,
            [
                "structured communication", "gestructureerde mededeling", "communication structuree", "gestructureerde communicatie",
                "ogm", "vcs", "payment reference", "betalingsreferentie", "betaalreferentie", "betaalkenmerk", "betalingskenmerk",
                "structured reference", "structured payment reference", "reference structuree", "reference de paiement",
            ]
        ),
        (
            .number,
            [
                "invoice number", "invoice no", "invoice nr", "invoicenumber", "invoice", "factuurnummer", "factuurnr",
                "factuur nummer", "factuur nr", "factuur", "documentnummer", "document number", "document nr", "document",
                "boekstuknummer", "boekstuk", "stuknummer", "stuknr", "numero de facture", "n de facture", "n facture",
                "no facture", "num facture", "facture", "numero de document", "piece", "your ref", "yourref", "number",
                "nummer", "numero",
            ]
        ),
        (.refusal, ["reden van weigering", "motif du refus", "motif de refus", "reden retour", "return reason", "reason for refusal"]),
        (
            .freeText,
            [
                "vrije mededeling", "mededeling", "mededelingen", "omschrijving", "communication libre", "communication",
                "communications", "description", "details du mouvement", "detail van de omzet", "details", "detail", "libelles",
                "libelle", "label", "remittance information", "message", "bericht", "beschrijving", "transactie", "transaction",
                "free format reference", "verwendungszweck",
            ]
        ),
        (.paid, ["paid", "is paid", "betaald", "voldaan", "paye", "payee", "settled", "afgepunt", "lettre", "betaalstatus", "statut de paiement"]),
        (.status, ["status", "statut", "state"]),
        (
            .openAmount,
            [
                "open amount", "amount due", "openstaand bedrag", "openstaand", "open bedrag", "montant ouvert",
                "reste a payer", "montant du", "solde restant",
            ]
        ),
        (
            .direction,
            [
                "af bij", "bij af", "credit debet", "debet credit", "creditdebet", "debetcredit", "credit debit", "debit credit",
                "d c", "c d", "dc", "cd", "sens", "richting", "direction", "debit credit indicator", "type",
            ]
        ),
        (
            .credit,
            ["credit", "credit amount", "bij", "bijschrijving", "bijschrijvingen", "money in", "paid in", "inkomsten", "ontvangsten", "recettes"]
        ),
        (.debit, ["debit", "debet", "debit amount", "af", "afschrijving", "afschrijvingen", "money out", "paid out", "uitgaven", "depenses"]),
        (
            .amount,
            [
                "amount paid", "paid amount", "payment amount", "betaald bedrag", "bedrag betaald", "montant paye",
                "montant du paiement", "amount", "bedrag", "montant", "transaction amount", "total", "totaal",
            ]
        ),
        (
            .currency,
            [
                "currency", "currency code", "ccy", "munt", "munteenheid", "devise", "devies", "valuta rekening", "monnaie",
                "valutacode", "devise du compte",
            ]
        ),
        (
            .date,
            [
                "payment date", "paid date", "paid at", "paid on", "date paid", "betaaldatum", "datum betaling",
                "betalingsdatum", "datum van betaling", "date de paiement", "date paiement", "date du paiement",
                "booking date", "boekingsdatum", "boekdatum", "date comptable", "date de comptabilisation", "uitvoeringsdatum",
                "date d execution", "datum v verrichting", "date d operation", "transactiedatum", "transaction date",
                "valutadatum", "value date", "date valeur", "date", "datum",
            ]
        ),
        (
            .counterparty,
            [
                "naam tegenpartij", "naam van de tegenpartij", "naam v d tegenpartij", "naam tegenpartij bevat",
                "nom de la contrepartie", "nom contrepartie", "nom contrepartie contient", "counterparty s name",
                "counterparty name", "tegenrekeninghouder", "naam omschrijving", "tegenpartij", "contrepartie",
                "counterparty", "payer", "payer name", "debtor", "customer", "klant", "client",
            ]
        ),
    ]

    /// Header words that also name their role when more words follow (`Bedrag (EUR)`, `Mededeling 1`,
    /// `Montant de l'opération`). Generic words such as "number" or "status" are not among them: a
    /// bank's `Numéro d'extrait` is no invoice number.
    static let prefixes: [(ColumnRole, [String])] = [
        (.amount, ["bedrag", "montant", "amount"]),
        (.credit, ["credit", "bij"]),
        (.debit, ["debit", "debet"]),
        (.freeText, ["mededeling", "omschrijving", "communication", "description", "details", "libelle"]),
        (.date, ["boekingsdatum", "datum", "date"]),
        (.currency, ["munt", "currency", "devise"]),
        (.counterparty, ["naam tegenpartij", "nom de la contrepartie", "tegenpartij"]),
    ]

    /// Lower case, accents folded, punctuation as spaces, spaces collapsed.
    static func normalise(_ text: String) -> String {
        if let ascii = normaliseASCII(text) { return ascii }
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

    /// The same for ASCII text, on bytes (nil for any other text).
    private static func normaliseASCII(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var space = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if space, !out.isEmpty { out.append(0x20) }
                out.append(lower)
                space = false
            } else {
                space = true
            }
        }
        return String(decoding: out, as: UTF8.self)
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
        rank = 1000
        for (role, words) in prefixes {
            for candidate in words {
                if word.hasPrefix(candidate + " ") { return (role, rank) }
                rank += 1
            }
        }
        return nil
    }
}
