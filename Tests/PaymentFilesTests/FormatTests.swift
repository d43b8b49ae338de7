import DropValues
import Foundation
import PaymentFiles
import Testing

@Suite struct DelimitedTests {
    @Test func semicolonWindows1252WithDutchHeadersAndDecimalCommas() throws {
        let file = try PaymentFileReader.read(try Fixture.data("dutch-semicolon-1252.csv"))
        #expect(file.format == .delimited)
        #expect(file.notes.contains { $0.contains("Windows-1252") && $0.contains("';'") })
        #expect(file.facts.map(\.documentNumber) == ["2026 / 1", "2026/2", "2026-3"])
        let first = file.facts[0]
        #expect(first.line == 5)
        #expect(first.paid && first.amount == Decimal("1234.56") && first.date?.description == "2026-11-28")
        #expect(first.structuredCommunication == "260000000170")
        #expect(first.counterparty == "Café Zoë")
        #expect(file.facts[1].paid == false && file.facts[1].amount == Decimal("99.5") && file.facts[1].date?.description == "2026-11-27")
        #expect(file.facts[2].amount == Decimal("10") && file.facts[2].date?.description == "2026-11-26")
        #expect(file.problems.map(\.line) == [8, 9, 10, 11])
        #expect(file.problems[0].message.contains("'30/02/2026' is not a date"))
        #expect(file.problems[1].message.contains("amount 'abc'"))
        #expect(file.problems[2].message.contains("no invoice number"))
        #expect(file.problems[3].message.contains("+++123/4567/89012+++") && file.problems[3].message.contains("mod-97"))
    }

    @Test func utf16WithBOMAsExcelWritesIt() throws {
        let file = try PaymentFileReader.read(try Fixture.data("excel-utf16.txt"))
        #expect(file.notes.contains { $0.contains("UTF-16LE") && $0.contains("tab") })
        #expect(file.facts.count == 2)
        #expect(file.facts[0].documentNumber == "2026 / 7" && file.facts[0].amount == Decimal("100.10") && file.facts[0].currency == "EUR")
        #expect(file.facts[1].paid == false)
        #expect(file.problems.isEmpty)
    }

    @Test func frenchHeadersQuotedWithSpacesAsThousands() throws {
        let file = try PaymentFileReader.read(try Fixture.data("french.csv"))
        #expect(file.facts.count == 2)
        #expect(file.facts[0].documentNumber == "2026/9" && file.facts[0].paid)
        #expect(file.facts[0].amount == Decimal("1500.25"))
        #expect(file.facts[0].date?.description == "2026-11-15")
        #expect(file.facts[0].structuredCommunication == "260000000271")
        #expect(file.facts[1].paid == false)
    }

    @Test func aBankExportKeepsCreditsAndFindsReferencesInFreeText() throws {
        let file = try PaymentFileReader.read(try Fixture.data("kbc-bank.csv"))
        #expect(file.facts.count == 2)
        #expect(file.ignored == 1)
        #expect(file.facts[0].structuredCommunication == "260000000372" && file.facts[0].amount == Decimal("250"))
        #expect(file.facts[0].currency == "EUR" && file.facts[0].counterparty == "KLANT NV")
        #expect(file.facts[1].numbersInText == ["2026/11"] && file.facts[1].amount == Decimal("80"))
    }

    @Test(arguments: [
        ("Factuurnummer;Betaald\n2026/1;ja\n", 1),
        ("invoice number,paid,amount\n\"2026/1\",yes,\"1,234.50\"\n", 1),
        ("Header;Line\nfree text\nFactuurnummer\tBetaald\n2026/1\tja\n", 1),
    ])
    func delimitersAndPreamblesAreFound(text: String, facts: Int) throws {
        #expect(try PaymentFileReader.read(Data(text.utf8)).facts.count == facts)
    }

    @Test func quotedFieldsWithDelimitersAndLineBreaks() throws {
        let text = "Factuurnummer;Mededeling;Betaald\n\"2026/1\";\"twee; regels\nhier\";ja\n2026/2;\"gewoon \"\"quoted\"\"\";nee\n"
        let file = try PaymentFileReader.read(Data(text.utf8))
        #expect(file.facts.map(\.documentNumber) == ["2026/1", "2026/2"])
        #expect(file.facts.map(\.line) == [2, 4])
    }

    @Test func garbageIsRefusedAsAWhole() {
        var bytes = [UInt8](repeating: 0, count: 2048)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = 0x01
        #expect(throws: PaymentFileError.self) { try PaymentFileReader.read(Data(bytes)) }
        do {
            _ = try PaymentFileReader.read(Data("just, some, words\nnothing, here, at all\n".utf8))
            Issue.record("a table without payment headers was read")
        } catch let error as PaymentFileError {
            #expect(error.description.contains("no header row found") && error.description.contains("factuurnummer"))
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Suite struct SpreadsheetAndJSONTests {
    @Test func xlsxFirstSheetSharedStringsAndSerialDates() throws {
        let file = try PaymentFileReader.read(try Fixture.data("payments.xlsx"))
        #expect(file.format == .xlsx)
        #expect(file.facts.map(\.documentNumber) == ["2026 / 15", "2026 / 16", "2026 / 17"])
        #expect(file.facts[0].paid && file.facts[0].date?.description == "2026-11-27" && file.facts[0].amount == Decimal("250.75"))
        #expect(file.facts[1].date?.description == "2026-11-28" && file.facts[1].amount == Decimal("12"))
        #expect(file.facts[2].paid == false && file.facts[2].line == 5)
    }

    @Test func jsonObjectsWithTheSameWords() throws {
        let file = try PaymentFileReader.read(try Fixture.data("payments.json"))
        #expect(file.format == .json)
        #expect(file.facts.count == 3)
        #expect(file.facts[0].amount == Decimal("123.30") && file.facts[0].date?.description == "2026-11-25")
        #expect(file.facts[1].documentNumber == "2026 / 13" && file.facts[1].paid == false)
        #expect(file.facts[2].teamleaderID == "2aa4a6a9-9ce8-4851-a9b3-26aea2ea14c4")
        #expect(file.problems.map(\.line) == [4])
        #expect(file.problems.first?.message.contains("'maybe'") == true)
    }

    @Test func aZipOfTwoFilesReadsBothAndNamesTheMembers() throws {
        let file = try PaymentFileReader.read(try Fixture.data("bundle.zip"))
        #expect(file.format == .zip)
        #expect(file.facts.count == 4)
        #expect(Set(file.facts.compactMap(\.member)) == ["betalingen/french.csv", "coda.cod"])
        #expect(file.facts.first { $0.member == "coda.cod" }?.structuredCommunication == "100000834941")
    }
}

@Suite struct BankStatementTests {
    @Test func codaSampleWithTypes101And102() throws {
        let file = try PaymentFileReader.read(try Fixture.data("samples/coda_standard-spec-coda.cod"))
        #expect(file.format == .coda)
        #expect(file.facts.count == 2)
        #expect(file.facts[0].structuredCommunication == "100000834941")
        #expect(file.facts[0].amount == Decimal("500.86") && file.facts[0].currency == "EUR")
        #expect(file.facts[0].date?.description == "2015-03-31")
        #expect(file.facts[0].counterparty == "LASTNM PERSON")
        #expect(file.facts[1].structuredCommunication == "100000835749" && file.facts[1].amount == Decimal("200"))
        #expect(file.facts[0].line == 3 && file.facts[1].line == 8)
    }

    @Test func codaInvalidSampleIsRejectedWithTheLine() {
        do {
            _ = try PaymentFileReader.read(try Fixture.data("samples/coda_standard-spec-invalid.cod"))
            Issue.record("a damaged CODA file was read")
        } catch let error as PaymentFileError {
            #expect(error.line != nil)
            #expect(error.description.contains("expected CODA record"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func codaTwoStatementsGlobalisationDebitsAndABadCheckDigit() throws {
        let file = try PaymentFileReader.read(try Fixture.data("two-statements.cod"))
        // Each statement: two OGM credits, a globalisation's two details (not its total), and a credit
        // whose type-101 communication fails the check: money that came in, naming no document of ours.
        #expect(file.facts.count == 8)
        #expect(file.facts.map(\.amount) == [150.5, 100, 200, 1, 150.5, 100, 200, 1].map { Decimal($0) })
        #expect(file.facts[0].structuredCommunication == "260000000473")
        #expect(file.facts[1].structuredCommunication == "260000000574")
        #expect(file.facts[2].numbersInText == ["2026/18"])
        #expect(file.facts[3].structuredCommunication == nil)
        #expect(file.facts[3].otherReferences == [ForeignReference(.failedCheck, "+++123/4567/89012+++")])
        #expect(file.ignored == 4)
        #expect(file.problems.isEmpty)
        #expect(file.notes.first?.contains("2 CODA statements") == true)
    }

    @Test func camt053Version2And8() throws {
        for name in ["samples/genkgo-camt053.v2.minimal.xml", "samples/genkgo-camt053.v8.xml"] {
            let file = try PaymentFileReader.read(try Fixture.data(name))
            #expect(file.format == .camt053)
            // The sample's only credit carries a 16-digit "BBA" reference: it fails the check, so the
            // credit names no document of ours. Money that came in, not a problem with the file.
            #expect(file.facts.count == 1)
            #expect(file.facts.first?.structuredCommunication == nil)
            #expect(file.facts.first?.otherReferences.contains(ForeignReference(.failedCheck, "4654654654654654")) == true)
            #expect(file.problems.isEmpty)
        }
    }

    @Test func camt053WithBelgianReferencesStatusesAndReversals() throws {
        let file = try PaymentFileReader.read(try Fixture.data("camt053-be.xml"))
        #expect(file.notes.first?.contains("camt.053.001.04") == true)
        #expect(file.facts.count == 2)
        #expect(file.facts[0].structuredCommunication == "260000000170" && file.facts[0].amount == Decimal("121"))
        #expect(file.facts[0].date?.description == "2026-11-27" && file.facts[0].counterparty == "KLANT NV")
        #expect(file.facts[1].structuredCommunication == "260000000271" && file.facts[1].numbersInText == ["2026/19"])
        #expect(file.facts[1].date?.description == "2026-11-29")
        #expect(file.ignored == 2)
    }

    @Test func camt054BatchGivesOneFactPerTransaction() throws {
        let file = try PaymentFileReader.read(try Fixture.data("camt054-batch.xml"))
        #expect(file.format == .camt054)
        #expect(file.facts.map(\.amount) == [Decimal(100), Decimal(200)])
        #expect(file.facts[0].structuredCommunication == "260000000372" && file.facts[0].counterparty == "EERSTE KLANT")
        #expect(file.facts[1].numbersInText == ["2026/20"])
        #expect(file.facts.allSatisfy { $0.date?.description == "2026-11-28" })
        let sample = try PaymentFileReader.read(try Fixture.data("samples/genkgo-camt054.v2.xml"))
        #expect(sample.format == .camt054 && sample.facts.isEmpty && sample.ignored == 1)
    }

    @Test func aStatementCreditWithoutReferenceIsStillAFact() throws {
        let file = try PaymentFileReader.read(try Fixture.data("samples/subite-camt053-account_statement.xml"))
        #expect(file.facts.count == 1)
        #expect(file.facts[0].hasReference == false)
        #expect(file.facts[0].amount == Decimal("789904.4"))
        #expect(file.ignored == 2)
    }
}
