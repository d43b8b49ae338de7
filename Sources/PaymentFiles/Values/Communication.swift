/// What payers write: the references a bank line's communication can carry, read the same way for
/// every format.
enum Communication {
    /// Reads free text: a structured communication (printed `+++…+++` or 12 digits that pass the check),
    /// a creditor reference, and document numbers as Teamleader prints them. Keeps the text for reports.
    static func read(_ text: some StringProtocol, into fact: inout PaymentFact) {
        guard !text.isEmpty else { return }
        if fact.structuredCommunication == nil { fact.structuredCommunication = StructuredCommunication.find(in: text).first }
        if fact.creditorReference == nil { fact.creditorReference = CreditorReference.find(in: text).first }
        for number in DocumentNumber.find(in: text) where !fact.numbersInText.contains(number) {
            fact.numbersInText.append(number)
        }
        fact.keepText(fact.text.map { $0 + " " + text } ?? String(text))
    }

    /// Reads a reference the bank passed on as structured (`Strd/CdtrRefInf/Ref`, CODA type 101/102,
    /// bank JSON `remittanceInformationStructured`): a Belgian structured communication when it is one,
    /// a creditor reference when it is one, else a reference of another scheme, reported as such.
    /// - Parameter scheme: the scheme the bank names, when it is another country's; `.failedCheck`
    ///   when the bank says it is Belgian (issuer `BBA`), so anything but a valid one fails its check.
    static func readStructured(_ reference: some StringProtocol, scheme: ForeignReference.Scheme? = nil, into fact: inout PaymentFact) {
        let trimmed = reference.trimmingSpaces()
        guard !trimmed.isEmpty else { return }
        if let scheme, scheme != .failedCheck {
            fact.otherReferences.append(ForeignReference(scheme, trimmed))
            return
        }
        if scheme == .failedCheck, StructuredCommunication.digits(trimmed).map(StructuredCommunication.isValid) != true {
            fact.otherReferences.append(ForeignReference(.failedCheck, trimmed))
            return
        }
        if let digits = StructuredCommunication.digits(trimmed) {
            if StructuredCommunication.isValid(digits) {
                fact.structuredCommunication = fact.structuredCommunication ?? digits
            } else {
                fact.otherReferences.append(ForeignReference(.failedCheck, StructuredCommunication.format(digits)))
            }
        } else if let rf = CreditorReference.valid(trimmed) {
            fact.creditorReference = fact.creditorReference ?? rf
        } else if trimmed.uppercased().hasPrefix("RF") {
            fact.otherReferences.append(ForeignReference(.creditorReference, trimmed + " (fails its check)"))
        } else if trimmed.count == 27, trimmed.allSatisfy(\.isASCIIDigit) {
            // 27 digits: the Swiss QR / ISR reference.
            fact.otherReferences.append(ForeignReference(.swissQR, trimmed))
        } else if trimmed.count == 16, trimmed.allSatisfy(\.isASCIIDigit) {
            fact.otherReferences.append(ForeignReference(.dutchPaymentReference, trimmed))
        } else {
            fact.otherReferences.append(ForeignReference(.other, trimmed))
            for number in DocumentNumber.find(in: trimmed) where !fact.numbersInText.contains(number) { fact.numbersInText.append(number) }
        }
    }
}

extension Communication {
    /// A SEPA end-to-end id is the payer's (or, for a direct debit, the creditor's) own key: reported,
    /// and taken as the structured communication only when it is one (12 digits that pass the check).
    static func readEndToEnd(_ reference: some StringProtocol, into fact: inout PaymentFact) {
        let trimmed = reference.trimmingSpaces()
        if let digits = StructuredCommunication.digits(trimmed), StructuredCommunication.isValid(digits) {
            fact.structuredCommunication = fact.structuredCommunication ?? digits
        } else if !trimmed.isEmpty {
            fact.otherReferences.append(ForeignReference(.endToEnd, trimmed))
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and non-breaking spaces.
    func trimmingSpaces() -> String {
        // Most cells have nothing to trim: say so from the first and last bytes.
        var slice = Substring(self)
        guard let first = slice.utf8.first, let last = slice.utf8.last else { return "" }
        if first != 0x20, first != 0x09, first != 0xC2, last != 0x20, last != 0x09, last != 0xA0 { return String(slice) }
        while let first = slice.first, first == " " || first == "\t" || first == "\u{A0}" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\u{A0}" { slice = slice.dropLast() }
        return String(slice)
    }
}

extension Character {
    /// 0–9 only: `isNumber` is also true for other scripts' digits and for fractions, which `Int(_:)` refuses.
    package var isASCIIDigit: Bool { isASCII && isNumber }
}
