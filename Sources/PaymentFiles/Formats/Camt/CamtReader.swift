import DropValues
import Foundation
import StrictXML
import Wording

/// The event reader behind `CamtPayments`: collects one entry (`Ntry`) at a time, by the path of
/// local element names it is in.
final class CamtReader: XMLEventHandler {
    var format: PaymentFileFormat?
    var version: String?
    /// Where the facts go, entry by entry.
    var sink: PaymentSink
    var entries = 0
    var copies = 0

    private var path: [String] = []
    private var text = ""
    private var currency: String?
    private var entry: CamtEntry?
    private var transaction: CamtEntry.Transaction?
    private var reference: CamtEntry.Transaction.CreditorReference?

    init(sink: PaymentSink) { self.sink = sink }

    private static func local(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }

    /// Whether the path ends with these element names.
    private func at(_ suffix: String...) -> Bool {
        path.count >= suffix.count && zip(path.suffix(suffix.count), suffix).allSatisfy { $0 == $1 }
    }

    func start(_ name: String, attributes: [String: String], line: Int) throws {
        let element = Self.local(name)
        path.append(element)
        text = ""
        switch element {
        case "Document":
            if let namespace = attributes.first(where: { $0.key.hasPrefix("xmlns") && $0.value.contains("camt.05") })?.value {
                version = namespace.split(separator: ":").last.map(String.init)
            }
        case "BkToCstmrStmt": format = .camt053
        case "BkToCstmrDbtCdtNtfctn": format = .camt054
        case "BkToCstmrAcctRpt": format = .camt052
        case "Ntry":
            guard format != nil else { throw PaymentFileError(line: line, .readCamtStrayEntry) }
            entry = CamtEntry(line: line)
            entries += 1
        case "TxDtls" where entry != nil: transaction = CamtEntry.Transaction()
        case "CdtrRefInf" where transaction != nil: reference = CamtEntry.Transaction.CreditorReference()
        case "RtrInf": transaction?.isReturn = true
        case "Amt": currency = attributes["Ccy"]
        default: break
        }
    }

    func text(_ string: String) {
        if text.utf8.count < 10_000 { text += string }
    }

    func end(_ name: String, line: Int) throws {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        defer {
            path.removeLast()
            text = ""
        }
        if at("CpyDplctInd"), !value.isEmpty { copies += 1 }
        guard entry != nil else { return }
        if transaction != nil {
            endInTransaction(value)
        } else {
            try endInEntry(value)
        }
    }

    private func endInTransaction(_ value: String) {
        if reference != nil {
            if at("CdtrRefInf", "Tp", "CdOrPrtry", "Cd") { reference?.code = value }
            if at("CdtrRefInf", "Tp", "CdOrPrtry", "Prtry") { reference?.proprietary = value }
            if at("CdtrRefInf", "Tp", "Issr") { reference?.issuer = value }
            if at("CdtrRefInf", "Ref") { reference?.reference = value }
            if at("CdtrRefInf") {
                if let reference { transaction?.references.append(reference) }
                reference = nil
            }
            return
        }
        if at("TxDtls", "Amt") || at("TxDtls", "AmtDtls", "TxAmt", "Amt") {
            transaction?.amount = DecimalText.parse(value)
            transaction?.currency = currency
        } else if at("TxDtls", "CdtDbtInd") {
            transaction?.credit = value == "CRDT"
        } else if at("RmtInf", "Ustrd") {
            transaction?.unstructured.append(value)
        } else if at("Strd", "AddtlRmtInf") || at("TxDtls", "AddtlTxInf") {
            transaction?.additional.append(value)
        } else if at("RfrdDocInf", "Nb") {
            transaction?.referredDocuments.append(value)
        } else if at("TxDtls", "Refs", "AcctSvcrRef") {
            transaction?.bankReference = value
        } else if at("Refs", "EndToEndId") {
            transaction?.endToEndId = value
        } else if at("RltdPties", "Dbtr", "Nm") || at("RltdPties", "Dbtr", "Pty", "Nm") {
            transaction?.debtor = value
        } else if at("RltdPties", "UltmtDbtr", "Nm") || at("RltdPties", "UltmtDbtr", "Pty", "Nm") {
            transaction?.ultimateDebtor = value
        } else if at("TxDtls", "BkTxCd", "Domn", "Fmly", "SubFmlyCd") {
            transaction?.subFamily = value
        } else if at("TxDtls") {
            if let transaction { entry?.transactions.append(transaction) }
            transaction = nil
        }
    }

    private func endInEntry(_ value: String) throws {
        if at("Ntry", "Amt") {
            entry?.amount = DecimalText.parse(value)
            entry?.currency = currency
            if entry?.amount == nil, let line = entry?.line {
                try sink.problem(LineProblem(line: line, ReadingMessage(.rowCamtAmount, value)))
            }
        } else if at("Ntry", "CdtDbtInd") {
            entry?.credit = value == "CRDT"
        } else if at("Ntry", "RvslInd") {
            entry?.reversal = value == "true"
        } else if at("Ntry", "Sts") || at("Ntry", "Sts", "Cd"), !value.isEmpty {
            entry?.status = value
        } else if at("BookgDt", "Dt") || at("BookgDt", "DtTm") {
            entry?.bookingDate = ValueParsers.date(value)
        } else if at("ValDt", "Dt") || at("ValDt", "DtTm") {
            entry?.valueDate = ValueParsers.date(value)
        } else if at("Btch", "NbOfTxs") {
            entry?.batchCount = Int(value)
        } else if at("Ntry", "BkTxCd", "Domn", "Fmly", "SubFmlyCd") {
            entry?.subFamily = value
        } else if at("Ntry", "AcctSvcrRef") {
            entry?.bankReference = value
        } else if at("Ntry", "AddtlNtryInf") {
            entry?.additional = value
        } else if at("Ntry"), let entry, let format {
            try CamtPayments.take(entry, format: format, into: &sink)
            self.entry = nil
        }
    }
}
