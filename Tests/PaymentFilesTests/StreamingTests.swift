import DropValues
import Foundation
import PaymentFiles
import Testing

/// Files larger than a read chunk (256 KiB), read as they stream: every line once, in order, in
/// batches of at most `batchSize`, whatever byte a chunk happens to end on.
@Suite struct StreamingTests {
    static let entries = 3_000

    /// A valid structured communication (`+++260/0000/nnnCC+++` as its twelve digits) for entry `n`.
    static func reference(_ n: Int) -> String {
        let base = 2_600_000_000 + n
        let check = base % 97 == 0 ? 97 : base % 97
        return "\(base)" + (check < 10 ? "0" : "") + "\(check)"
    }

    /// Reads `data` through the streaming entry point and checks what every large file must show.
    private func readStreaming(_ data: Data, batchSize: Int = 500) throws -> (facts: [PaymentFact], summary: PaymentFileSummary) {
        var facts: [PaymentFact] = []
        var batches = 0
        let summary = try PaymentFileReader.read(PaymentInput(data), batchSize: batchSize) { batch in
            #expect(batch.facts.count + batch.problems.count <= batchSize, "a batch holds at most batchSize facts and problems")
            #expect(batch.problems.isEmpty, "\(batch.problems.first.map(\.description) ?? "")")
            facts += batch.facts
            batches += 1
        }
        #expect(data.count > 256 << 10, "the file spans several chunks")
        #expect(batches >= Self.entries / batchSize, "facts are handed on in batches as they are read, not at the end")
        return (facts, summary)
    }

    private func expectEveryEntryOnce(_ facts: [PaymentFact], amount: Decimal) {
        #expect(facts.count == Self.entries)
        #expect(facts.map(\.structuredCommunication) == (1...Self.entries).map { Self.reference($0) as String? })
        #expect(facts.allSatisfy { $0.amount == amount && $0.paid })
    }

    /// The padding moves every chunk boundary to another byte of the entries.
    @Test(arguments: [0, 1, 7, 150])
    func camtAcrossChunks(padding: Int) throws {
        var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + String(repeating: " ", count: padding)
        text += #"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>"#
        for n in 1...Self.entries {
            text += """
                <Ntry><Amt Ccy="EUR">121.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-28</Dt></BookgDt>\
                <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>KLANT \(n) &amp; ZONEN</Nm></Dbtr></RltdPties><RmtInf><Strd><CdtrRefInf>\
                <Ref>\(Self.reference(n))</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>

                """
        }
        text += "</Stmt></BkToCstmrStmt></Document>\n"
        let (facts, summary) = try readStreaming(Data(text.utf8))
        #expect(summary.format == .camt053)
        expectEveryEntryOnce(facts, amount: Decimal(string: "121.50")!)
        #expect(facts.last?.counterparty == "KLANT \(Self.entries) & ZONEN")
    }

    @Test(arguments: [0, 3, 101])
    func bankJSONAcrossChunks(padding: Int) throws {
        var text = #"{"transactions": {"booked": ["# + String(repeating: " ", count: padding)
        for n in 1...Self.entries {
            if n > 1 { text += ",\n" }
            text += #"{"transactionAmount": {"amount": "121.50", "currency": "EUR"}, "bookingDate": "2026-11-28", "#
            text += #""debtorName": "KLANT \#(n) \u00e9", "remittanceInformationStructured": "\#(Self.reference(n))", "#
            text += #""remittanceInformationUnstructuredArray": ["a \"quoted\" word", "x"]}"#
        }
        text += #"], "pending": []}}"#
        let (facts, _) = try readStreaming(Data(text.utf8))
        expectEveryEntryOnce(facts, amount: Decimal(string: "121.50")!)
        #expect(facts.first?.counterparty == "KLANT 1 é")
    }

    @Test(arguments: [0, 5])
    func mt940AcrossChunks(padding: Int) throws {
        var text = ":20:" + String(repeating: "X", count: padding + 1) + "\n:25:BE68539007547034 EUR\n:28C:1\n:60F:C261127EUR0,00\n"
        for n in 1...Self.entries {
            text +=
                ":61:2611281128C121,50NTRFNONREF//\(n)\n:86:/CNTP/BE71096123456769/GKCCBEBB/KLANT \(n)/GENT//REMI/STRD/BBA/\(Self.reference(n))/\n"
        }
        text += ":62F:C261128EUR0,00\n"
        let (facts, _) = try readStreaming(Data(text.utf8))
        expectEveryEntryOnce(facts, amount: Decimal(string: "121.50")!)
    }

    @Test func codaAcrossChunks() throws {
        func record(_ fields: [(Int, String)]) -> String {
            var line = [Character](repeating: " ", count: 128)
            for (position, text) in fields { for (offset, character) in text.enumerated() { line[position - 1 + offset] = character } }
            return String(line)
        }
        var lines = [
            record([(1, "0"), (2, "0000"), (6, "281126"), (12, "725"), (15, "05"), (128, "2")]),
            record([(1, "1"), (2, "0"), (6, "539007547034 EUR"), (43, "0"), (44, "000000001000000"), (59, "271126")]),
        ]
        for n in 1...Self.entries {
            lines.append(
                record([
                    (1, "21"), (3, String(format: "%04d", n % 10_000)), (7, "0000"), (32, "0"), (33, String(format: "%015d", 121_500)),
                    (48, "281126"), (54, "00150000"), (62, "1"), (63, "101"), (66, Self.reference(n)), (116, "281126"), (125, "0"),
                ]))
        }
        lines.append(record([(1, "8"), (5, "539007547034 EUR"), (42, "0"), (43, "000000001000000"), (58, "281126")]))
        lines.append(record([(1, "9"), (128, "2")]))
        let (facts, summary) = try readStreaming(Data((lines.joined(separator: "\r\n") + "\r\n").utf8))
        #expect(summary.format == .coda)
        expectEveryEntryOnce(facts, amount: Decimal(string: "121.50")!)
    }

    /// A delimited export in Windows-1252 (converted chunk by chunk), with a quoted cell holding the
    /// delimiter and a line break.
    @Test func delimitedAcrossChunks() throws {
        var text = "Mededeling;Omschrijving;Klant;Betaaldatum;Bedrag;Betaald\r\n"
        let description = String(repeating: "Overschrijving met een lange omschrijving ", count: 2) + ";"
        for n in 1...Self.entries {
            text += "+++\(Self.reference(n).prefix(3))/\(Self.reference(n).dropFirst(3).prefix(4))/\(Self.reference(n).suffix(5))+++;" + description
            text += n == 1_500 ? "\"Caf\u{e9} \(n); \r\nzaal\";28/11/2026;121,50;ja\r\n" : "Caf\u{e9} \(n);28/11/2026;121,50;ja\r\n"
        }
        let bytes = try #require(text.data(using: .windowsCP1252))
        let (facts, _) = try readStreaming(bytes)
        expectEveryEntryOnce(facts, amount: Decimal(string: "121.50")!)
        let expectedLines = (1...Self.entries).map { $0 <= 1_500 ? $0 + 1 : $0 + 2 }
        #expect(zip(facts.map(\.line), expectedLines).filter { $0 != $1 }.isEmpty, "a quoted line break makes the next lines one further down")
        #expect(facts[1_499].counterparty == "Café 1500; \r\nzaal" || facts[1_499].counterparty == "Café 1500; \nzaal")
    }
}

@Suite struct DecimalTextTests {
    @Test(arguments: [
        ("121", "121"), ("121.00", "121"), ("-1234.5", "-1234.5"), ("0.001", "0.001"), ("0", "0"), ("1000", "1000"),
        ("99999999999999999999.5", "99999999999999999999.5"),
    ])
    func plainPrintsWhatDecimalPrints(text: String, expected: String) throws {
        let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
        #expect(DecimalText.plain(value) == expected)
        #expect(DecimalText.plain(value) == value.description)
    }

    @Test(arguments: [
        ("121", "121.00"), ("-0.5", "-0.50"), ("0.005", "0.01"), ("-0.005", "-0.01"), ("0.004", "0.00"), ("-0.004", "0.00"),
        ("1234.565", "1234.57"), ("12345678901234567890123", "12345678901234567890123.00"),
    ])
    func moneyRoundsHalfAwayFromZero(text: String, expected: String) throws {
        let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
        #expect(DecimalText.money(value) == expected)
    }

    /// The fast path gives what Foundation gives, for every text it takes and every one it hands on.
    @Test(arguments: ["121.00", "-5", "0.5", "0", "-0.00", "123456789012345678", "1234567890123456789.5", "", "1.2.3", "1,5", "1e3", " 1"])
    func parseAgreesWithFoundation(_ text: String) {
        #expect(DecimalText.parse(text) == Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
    }

    /// Foundation reads a lone sign or point as zero; an amount without a digit is no amount.
    @Test(arguments: ["-", "."])
    func noDigitsNoAmount(_ text: String) {
        #expect(DecimalText.parse(text) == nil)
    }
}
