import Foundation

/// ISO 20022 bank-to-customer statements (camt.053), notifications (camt.054) and reports (camt.052),
/// any version: elements are matched by local name. Credits that are booked and not reversals become
/// facts; the structured reference (`Strd/CdtrRefInf/Ref`) comes first, then the free text (`Ustrd`).
enum CamtPayments {
    static func read(_ data: Data) throws -> PaymentFile {
        let reader = CamtReader()
        try XMLScanner.scan(data, into: reader)
        guard let format = reader.format else {
            throw PaymentFileError(line: 1, "an XML file that is not a camt.053 or camt.054 bank document (no BkToCstmrStmt or BkToCstmrDbtCdtNtfctn)")
        }
        var file = PaymentFile(format: format, facts: reader.facts, problems: reader.problems, ignored: reader.ignored)
        if let version = reader.version { file.notes.append("\(version), \(reader.entries) entries") }
        return file
    }
}

/// The event reader behind `CamtPayments`: collects one entry (`Ntry`) at a time.
private final class CamtReader: XMLEventHandler {
    struct Transaction {
        var amount: Decimal?
        var credit: Bool?
        var unstructured: [String] = []
        var structured: [String] = []
        var debtor: String?
        var isReturn = false
    }

    struct Entry {
        var line: Int
        var amount: Decimal?
        var currency: String?
        var credit = false
        var reversal = false
        var status: String?
        var bookingDate: PaymentDay?
        var valueDate: PaymentDay?
        var transactions: [Transaction] = []
    }

    var format: PaymentFileFormat?
    var version: String?
    var facts: [PaymentFact] = []
    var problems: [LineProblem] = []
    var ignored = 0
    var entries = 0

    private var path: [String] = []
    private var text = ""
    private var entry: Entry?
    private var transaction: Transaction?
    private var attributes: [String: String] = [:]

    private static func local(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }

    func start(_ name: String, attributes: [String: String], line: Int) throws {
        let element = Self.local(name)
        path.append(element)
        text = ""
        self.attributes = attributes
        switch element {
        case "Document":
            if let namespace = attributes.first(where: { $0.key.hasPrefix("xmlns") && $0.value.contains("camt.05") })?.value {
                version = namespace.split(separator: ":").last.map(String.init)
            }
        case "BkToCstmrStmt": format = .camt053
        case "BkToCstmrDbtCdtNtfctn": format = .camt054
        case "BkToCstmrAcctRpt": format = .camt052
        case "Ntry":
            guard format != nil else {
                throw PaymentFileError(line: line, "an entry (Ntry) outside a camt statement or notification")
            }
            entry = Entry(line: line)
            entries += 1
        case "TxDtls" where entry != nil:
            transaction = Transaction()
        case "RtrInf":
            transaction?.isReturn = true
        default: break
        }
    }

    func text(_ string: String) {
        if text.utf8.count < 10_000 { text += string }
    }

    func end(_ name: String, line: Int) {
        let element = Self.local(name)
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        let grandparent = path.count >= 3 ? path[path.count - 3] : ""
        defer {
            path.removeLast()
            text = ""
        }
        guard entry != nil else { return }
        if transaction != nil {
            switch (element, parent, grandparent) {
            case ("Amt", "TxDtls", _), ("Amt", "TxAmt", "AmtDtls"):
                transaction?.amount = Decimal(string: value, locale: Locale(identifier: "en_US_POSIX"))
            case ("CdtDbtInd", "TxDtls", _):
                transaction?.credit = value == "CRDT"
            case ("Ustrd", _, _):
                transaction?.unstructured.append(value)
            case ("Ref", "CdtrRefInf", _):
                transaction?.structured.append(value)
            case ("Nm", "Dbtr", _), ("Nm", "Pty", "Dbtr"):
                transaction?.debtor = value
            case ("TxDtls", _, _):
                if let transaction { entry?.transactions.append(transaction) }
                transaction = nil
            default: break
            }
            return
        }
        switch (element, parent) {
        case ("Amt", "Ntry"):
            entry?.amount = Decimal(string: value, locale: Locale(identifier: "en_US_POSIX"))
            entry?.currency = attributes["Ccy"]
            if entry?.amount == nil {
                problems.append(LineProblem(line: line, message: "entry amount '\(value)' is not a number"))
            }
        case ("CdtDbtInd", "Ntry"): entry?.credit = value == "CRDT"
        case ("RvslInd", "Ntry"): entry?.reversal = value == "true"
        case ("Sts", "Ntry"), ("Cd", "Sts"): if !value.isEmpty { entry?.status = value }
        case ("Dt", "BookgDt"), ("DtTm", "BookgDt"): entry?.bookingDate = ValueParsers.date(value)
        case ("Dt", "ValDt"), ("DtTm", "ValDt"): entry?.valueDate = ValueParsers.date(value)
        case ("Ntry", _):
            if let entry { finish(entry) }
            entry = nil
        default: break
        }
    }

    /// Turns a finished entry into facts: one per transaction of a booked, non-reversed credit.
    private func finish(_ entry: Entry) {
        guard entry.credit, !entry.reversal, entry.status == nil || entry.status == "BOOK", let total = entry.amount else {
            ignored += 1
            return
        }
        let transactions = entry.transactions.isEmpty ? [Transaction()] : entry.transactions
        for transaction in transactions {
            if transaction.isReturn || transaction.credit == false {
                ignored += 1
                continue
            }
            // One transaction: the entry's amount is the authoritative one. Several: each its own.
            let amount = transactions.count == 1 ? total : (transaction.amount ?? total)
            var fact = PaymentFact(
                line: entry.line, paid: true, date: entry.bookingDate ?? entry.valueDate, amount: amount,
                currency: entry.currency, counterparty: transaction.debtor)
            var invalid: String?
            for reference in transaction.structured {
                guard let digits = StructuredCommunication.digits(reference) else {
                    if reference.allSatisfy(\.isNumber) { invalid = reference }
                    fact.numbersInText += DocumentNumber.find(in: reference)
                    continue
                }
                if StructuredCommunication.isValid(digits) {
                    fact.structuredCommunication = digits
                } else {
                    invalid = reference
                }
            }
            let free = transaction.unstructured.joined(separator: " ")
            if fact.structuredCommunication == nil { fact.structuredCommunication = StructuredCommunication.find(in: free).first }
            fact.numbersInText += DocumentNumber.find(in: free).filter { !fact.numbersInText.contains($0) }
            if let invalid, !fact.hasReference {
                problems.append(LineProblem(
                    line: entry.line, message: "structured reference '\(invalid)' is not a valid Belgian structured communication"))
                continue
            }
            facts.append(fact)
        }
    }
}
