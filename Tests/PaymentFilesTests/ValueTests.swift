import DropValues
import Foundation
import PaymentFiles
import Testing

@Suite struct StructuredCommunicationTests {
    @Test(arguments: ["+++084/2613/66074+++", "+++010/8068/17183+++", "+++090/9337/55493+++", "312401398067", "100000834941", "***190/5063/21290***"])
    func validOnes(_ text: String) throws {
        let digits = try #require(StructuredCommunication.digits(text))
        #expect(StructuredCommunication.isValid(digits))
    }

    @Test func theUsualPlaceholderFails() {
        #expect(StructuredCommunication.digits("+++123/4567/89012+++") == "123456789012")
        #expect(!StructuredCommunication.isValid("123456789012"))
    }

    @Test func remainderZeroIsWritten97() {
        // 0000000097 mod 97 = 0, so its check digits are 97.
        #expect(StructuredCommunication.isValid("000000009797"))
        #expect(!StructuredCommunication.isValid("000000009700"))
    }

    @Test func foundInFreeText() {
        #expect(StructuredCommunication.find(in: "Betaling +++084/2613/66074+++ dank") == ["084261366074"])
        #expect(StructuredCommunication.find(in: "ref 084 2613 66074 en 084261366074") == ["084261366074"])
        #expect(StructuredCommunication.find(in: "rekening 4654654654654654") == [])
        #expect(StructuredCommunication.find(in: "factuur 2026/42 100000834941") == ["100000834941"])
        #expect(StructuredCommunication.find(in: "+++123/4567/89012+++") == [])
    }
}

@Suite struct DocumentNumberTests {
    @Test(arguments: ["2026 / 42", "2026/42", "2026-42", "2026 - 042", "2026/0042"])
    func numbersNormaliseToOneKey(_ text: String) {
        #expect(DocumentNumber.key(text) == "2026/42")
    }

    @Test func barNumbersStayAsWritten() {
        #expect(DocumentNumber.key("42") == "42")
        #expect(DocumentNumber.parse("42") == nil)
    }

    @Test func foundInFreeText() {
        #expect(DocumentNumber.find(in: "Factuur 2026/42 en 2026 - 0043, ref 12026/1") == ["2026/42", "2026/43"])
        #expect(DocumentNumber.find(in: "IBAN BE68 5390 0754 7034") == [])
        #expect(DocumentNumber.find(in: "(2026 / 7), 2026-8. #2026/9") == ["2026/7", "2026/8", "2026/9"])
    }

    /// Customers write their own references: read as Teamleader numbers, these paid the wrong invoices.
    @Test(arguments: [
        "2022-12-13548", "FACTURE 2022-12-12625", "2023-01-00225", "2022-12-612", "F2026-42", "INV2026/42", "2026-42B",
        "2026/42/1", "12-2026-42", "2010/08 - APP 1 L", "huur 2026-07", "2026/0", "1999/4", "ref 2026.42", "2026/42.5",
    ])
    func whatSaysOtherwiseIsNoCandidate(_ text: String) {
        #expect(DocumentNumber.find(in: text) == [], "\(text)")
    }
}

@Suite struct CreditorReferenceTests {
    @Test func iso11649IsCheckedLikeAnIBAN() {
        #expect(CreditorReference.valid("RF18539007547034") == "RF18539007547034")
        #expect(CreditorReference.valid("rf18 5390 0754 7034") == "RF18539007547034")
        #expect(CreditorReference.valid("RF19539007547034") == nil)
        #expect(CreditorReference.find(in: "betaling RF18 5390 0754 7034 dank") == ["RF18539007547034"])
    }

    @Test func datesWithAZoneAreTheDayWritten() {
        #expect(ValueParsersProbe.date("2017-04-11+02:00") == "2017-04-11")
        #expect(ValueParsersProbe.date("2014-12-31T23:30:00-05:00") == "2014-12-31")
        #expect(ValueParsersProbe.date("2022-01-26Z") == "2022-01-26")
    }

    /// Found by the fuzz suite: digits of other scripts are numbers to Swift but not to `Int(_:)`.
    @Test func digitsOfOtherScriptsAreNoDateAndNoCrash() throws {
        #expect(ValueParsersProbe.date("٢٠٢٦١١٢٨") == nil)
        let file = try PaymentFileReader.read(Data("Factuurnummer;Betaald;Datum\n2026/1;ja;٢٠٢٦١١٢٨\n2026/2;ja;12/٣/2026\n".utf8))
        #expect(file.problems.map(\.line) == [2, 3])
    }
}

/// The date reader, reached through a one-line camt entry (its parser is internal).
enum ValueParsersProbe {
    static func date(_ text: String) -> String? {
        let xml = """
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Ntry><Amt Ccy="EUR">1.00</Amt>\
            <CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>\(text)</Dt></BookgDt></Ntry></Stmt></BkToCstmrStmt></Document>
            """
        return (try? PaymentFileReader.read(Data(xml.utf8)))?.facts.first?.date?.description
    }
}

@Suite struct ReviewSheetTests {
    static let rows = [
        ReviewSheet.Row(
            id: "R7-0a1b2c3d", file: "statement.cod", location: "line 15", date: "2026-11-20", amount: "1500.00", currency: "EUR",
            counterparty: "Klant; NV", said: "+++084/2613/66074+++", candidates: "invoice 2026 / 42", reason: "more than open"),
        ReviewSheet.Row(
            id: "R8-4e5f6a7b", file: "statement.cod", location: "line 18", date: "2026-11-20", amount: "400.00", currency: "EUR",
            counterparty: "=HYPERLINK(\"x\")", said: "\"factuur\"", candidates: "", reason: "not the customer"),
    ]

    @Test func writtenForExcelAndReadBackWithTheAccountantsAnswers() throws {
        let written = String(decoding: ReviewSheet.render(Self.rows), as: UTF8.self)
        #expect(written.hasPrefix("\u{FEFF}tldrop review;"))
        // A payer's text that looks like a formula is not one when Excel opens it.
        #expect(written.contains(";'+++084/2613/66074+++;") && written.contains(";'=HYPERLINK(\"\"x\"\")") == false)
        #expect(written.contains("\"'=HYPERLINK(\"\"x\"\")\""))
        var lines = written.components(separatedBy: "\r\n")
        lines[1] = String(lines[1].dropLast(2)) + ";2026 / 42;1210,00"
        lines[2] = String(lines[2].dropLast(2)) + ";-;"
        let file = try PaymentFileReader.read(Data(lines.joined(separator: "\r\n").utf8))
        #expect(file.format == .review)
        #expect(file.problems.isEmpty)
        #expect(
            file.facts.map(\.kind) == [
                .reviewAnswer(ReviewAnswer(itemID: 7, token: "0a1b2c3d", decision: .document("2026 / 42"), amount: 1210)),
                .reviewAnswer(ReviewAnswer(itemID: 8, token: "4e5f6a7b", decision: .dismiss)),
            ])
    }

    @Test func rowsNotWrittenByTldropAreProblemsAndEmptyAnswersStayUndecided() throws {
        var text = String(decoding: ReviewSheet.render(Self.rows), as: UTF8.self)
        text += "R9;x;line 1;;;;;;;;2026/1;\r\nhand made;x;;;;;;;;;2026/2;\r\n"
        let file = try PaymentFileReader.read(Data(text.utf8))
        #expect(file.problems.map(\.line) == [4, 5])
        #expect(file.facts.count == 2)
        #expect(
            file.facts.allSatisfy {
                if case .reviewAnswer(let answer) = $0.kind { return answer.decision == .undecided }
                return false
            })
    }
}
