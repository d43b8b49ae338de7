import DropTestSupport
import Foundation
import PaymentFiles
import Testing

/// Real banks' files, round two, written to the shapes that failed: CODA movements without their
/// article 2, a globalisation whose one detail is an amount record, MT940 behind each bank's transport
/// header, statements and lines sent twice, balances that do not add up, returns and collection totals,
/// a debit-only export with a total row. Every new reading path has decoys beside it.
@Suite struct StatementRoundTwoTests {
    static let ogm = "260000000473"
    static let otherOGM = "260000000574"

    static func read(_ text: String) throws -> PaymentFile { try PaymentFileReader.read(Data(text.utf8)) }

    // MARK: CODA

    @Test func aCODAMovementFollowedDirectlyByItsRecord23IsRead() throws {
        var statement = CODABuilder()
        statement.creditWithoutPart2(817.56, ogm: Self.ogm, from: "KLANT EEN NV")
        statement.credit(159.59, ogm: Self.otherOGM)
        statement.creditWithoutPart2(6730.24, text: "FACTUUR 2026/42", from: "KLANT TWEE BV")
        statement.debit(99, ogm: Self.ogm)  // decoy: a structured communication on money going out
        let file = try PaymentFileReader.read(statement.data)
        #expect(file.problems.isEmpty)
        #expect(file.facts.map(\.amount) == [Decimal(string: "817.56"), Decimal(string: "159.59"), Decimal(string: "6730.24")])
        #expect(file.facts[0].structuredCommunication == Self.ogm && file.facts[0].counterparty == "KLANT EEN NV")
        #expect(file.facts[2].numbersInText == ["2026/42"] && file.facts[2].counterparty == "KLANT TWEE BV")
        #expect(file.facts.allSatisfy { $0.standing == .plain })
    }

    @Test func aContinuationOfAnotherMovementIsRefusedWithItsLine() throws {
        var statement = CODABuilder()
        statement.credit(10, ogm: Self.ogm)
        var records = statement.records
        // The 23 of movement 0001 claims to continue movement 0009.
        records[4] = "230009" + records[4].dropFirst(6)
        do {
            _ = try PaymentFileReader.read(Data(records.map { $0 + "\r\n" }.joined().utf8))
            Issue.record("a continuation of another movement was read")
        } catch let error as PaymentFileError {
            #expect(error.line == 5 && error.description.contains("continues movement 0009/0000"), "\(error)")
        }
    }

    @Test func aGlobalisationsOneAmountRecordDetailTakesItsTotalsCommunication() throws {
        var statement = CODABuilder()
        statement.globalisedCredit(6730.24, text: "FACTUUR 2026/42", details: [.init(amount: 6730.24, amountRecordOnly: true)])
        // Decoy: two details without words of their own: the total's words are not handed to either.
        statement.globalisedCredit(300, text: "FACTUUR 2026/43", details: [.init(amount: 100), .init(amount: 200)])
        let file = try PaymentFileReader.read(statement.data)
        #expect(file.problems.isEmpty)
        #expect(file.facts.map(\.amount) == [Decimal(string: "6730.24"), 100, 200])
        #expect(file.facts[0].numbersInText == ["2026/42"], "the one detail says what its total says")
        #expect(file.facts[1].numbersInText.isEmpty && file.facts[2].numbersInText.isEmpty)
    }

    @Test func aCODAStatementSentTwiceIsCountedOnceAndATransactionCode99IsSaid() throws {
        var statement = CODABuilder()
        statement.credit(121, ogm: Self.ogm)
        var again = statement
        again.date = "201126"
        let file = try PaymentFileReader.read(CODABuilder.file([statement, again]))
        #expect(file.facts.count == 2)
        #expect(file.facts[0].standing == .plain && file.facts[1].standing == .repeatedStatement)
        #expect(file.facts[0].statement == file.facts[1].statement)
        #expect(file.notes.contains { $0.contains("repeats the one at line 1") }, "\(file.notes)")
        var next = statement
        next.number = "002"
        let twoStatements = try PaymentFileReader.read(CODABuilder.file([statement, next]))
        #expect(twoStatements.facts.allSatisfy { $0.standing == .plain }, "another statement number is another statement")
    }

    // MARK: MT940

    static func mt940(number: String = "1", opening: String = "C261119EUR1000,00", closing: String? = nil, lines: [String]) -> String {
        ":20:STMT\(number)\n:25:NL91ABNA0417164300\n:28C:\(number)/1\n:60F:\(opening)\n" + lines.joined(separator: "\n") + "\n"
            + ":62F:\(closing ?? "C261120EUR1121,00")\n"
    }

    static let credit = ":61:2611201120C121,00NTRFNONREF//1\n:86:/EREF/NOTPROVIDED//CNTP/NL71RABO0300000000/RABONL2U/KLANT NV///REMI/STRD/BBA/\(ogm)/"

    @Test(arguments: [
        ("ABN AMRO", "ABNANL2A\n940\nABNANL2A\n"), ("Rabobank", ":940:\n"),
        ("ING Netherlands", "0000 01INGBNL2AXXXX00001\n0000 01INGBNL2AXXXX00001\n940 00\n"),
        ("SWIFT blocks", "{1:F01ABNANL2AAXXX0000000000}{2:I940ABNANL2AXXXXN}{4:\n"),
    ])
    func mt940BehindEachBanksTransportHeaderIsRead(bank: String, header: String) throws {
        let file = try Self.read(header + Self.mt940(lines: [Self.credit]) + "-}\n")
        #expect(file.format == .mt940, "\(bank)")
        #expect(file.facts.count == 1 && file.facts[0].structuredCommunication == Self.ogm, "\(bank)")
    }

    @Test func anUnknownLineBeforeTheFirstFieldIsStillRefused() {
        #expect(throws: PaymentFileError.self) { try Self.read("HELLO THERE\n" + Self.mt940(lines: [Self.credit])) }
    }

    @Test func balanceFieldsBeforeAnyStatementBelongToNoneAndAreNotAFault() throws {
        let file = try Self.read("{1:F01ABNANL2AAXXX0000000000}{4:\n:60F:C261119EUR0,00\n:62F:C261119EUR0,00\n" + Self.mt940(lines: [Self.credit]))
        #expect(file.facts.count == 1 && file.facts[0].standing == .plain)
    }

    @Test func anMT940StatementCarriedTwiceIsCountedOnce() throws {
        // ABN AMRO: the same statement twice in one file, each message behind its header.
        let message = "ABNANL2A\n940\nABNANL2A\n" + Self.mt940(lines: [Self.credit]) + "-\n"
        let file = try Self.read(message + message)
        #expect(file.facts.count == 2)
        #expect(file.facts.map(\.standing) == [.plain, .repeatedStatement])
    }

    @Test func anIdenticalLineIsACopyWhenTheBalancesCountItOnceTwoPaymentsWhenTwiceAndSuspectWithout() throws {
        let twice = [Self.credit, Self.credit]
        let countedOnce = try Self.read(Self.mt940(closing: "C261120EUR1121,00", lines: twice))
        #expect(countedOnce.facts.map(\.standing) == [.plain, .repeatedLine(first: 5)], "\(countedOnce.facts.map(\.standing))")
        let countedTwice = try Self.read(Self.mt940(closing: "C261120EUR1242,00", lines: twice))
        #expect(countedTwice.facts.map(\.standing) == [.plain, .plain])
        // The closing balance counts neither once nor twice: nothing says which is real.
        let neither = try Self.read(Self.mt940(closing: "C261120EUR1500,00", lines: twice))
        #expect(neither.facts.map(\.standing) == [.plain, .suspectedRepeat(first: 5)])
    }

    @Test func aLineWhoseMisreadAmountWouldReconcileTheStatementIsDisputed() throws {
        // Knab: `C500` booked where the balances say 5000.00.
        let knab = ":61:2611201120C500NTRFNONREF//1\n:86:/REMI/STRD/BBA/\(Self.ogm)/"
        let file = try Self.read(
            Self.mt940(
                opening: "C261119EUR0,00", closing: "C261120EUR5121,00",
                lines: [knab, Self.credit.replacingOccurrences(of: Self.ogm, with: Self.otherOGM)]))
        #expect(file.facts[0].standing == .disputed(difference: 4500), "\(file.facts.map(\.standing))")
        #expect(file.facts[1].standing == .plain, "a line whose amount cannot explain the difference stands")
        #expect(file.notes.contains { $0.contains("does not reconcile") && $0.contains("4500.00") }, "\(file.notes)")
    }

    @Test func returnsAndCollectionTotalsAreNotPaymentsAndTheReportSaysWhy() throws {
        let retoure = ":61:2611201120C75,00NTRFNONREF//2\n:86:159?00RETOURE?20+++\(Self.ogm)+++?32KLANT NV"
        let sammler = ":61:2611201120C900,00NTRFNONREF//3\n:86:166?00SAMMLER-GUTSCHRIFT?20FACTUUR 2026/42?32BANK"
        let file = try Self.read(Self.mt940(opening: "C261119EUR0,00", closing: "C261120EUR1096,00", lines: [Self.credit, retoure, sammler]))
        #expect(file.facts.count == 1 && file.facts[0].amount == 121)
        #expect(file.notes.contains { $0.contains("1 line is a return") }, "\(file.notes)")
        #expect(file.notes.contains { $0.contains("1 line is the total of a collection") }, "\(file.notes)")
    }

    // MARK: Exports

    @Test func aDebitOnlyExportWithACurrencyInItsAmountsAndATotalRowHasNothingToRegister() throws {
        let text = """
            Datum;Omschrijving;Bedrag;Munt
            20/11/2026;Leverancier A;'-579,68 USD;USD
            21/11/2026;Leverancier B;-12,00 EUR;EUR
            TOTAL;;-591,68;
            """
        let file = try Self.read(text)
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.facts.isEmpty)
    }

    @Test func anExportWithOriginalAmountAndCurrencyColumnsReadsItsDebitsAsDebits() throws {
        let text = """
            Datum;Omschrijving;Bedrag;Munt;Origineel bedrag;Originele munt
            20/11/2026;Leverancier A;-579,68;EUR;-600,00;USD
            21/11/2026;Klant NV factuur 2026/42;121,00;EUR;121,00;EUR
            """
        let file = try Self.read(text)
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.facts.count == 1 && file.facts[0].amount == 121 && file.facts[0].currency == "EUR")
    }
}
