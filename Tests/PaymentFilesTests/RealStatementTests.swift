import DropValues
import Foundation
import PaymentFiles
import Testing

/// Every real statement and export in `Fixtures/bank-statements/` (byte-for-byte copies; provenance and
/// what a careful reader takes from each in its `SOURCES.md`), and the MT940 example in `Fixtures/mt940/`:
/// the payments each yields, and that debits, unbooked entries, reversals, returns and batch totals
/// yield none.
@Suite struct RealStatementTests {
    /// What a payment must be: amount, day, currency when the file says one, and references.
    struct Expected: CustomStringConvertible {
        var amount: String
        var date: String
        var currency: String? = nil
        var ogm: String? = nil
        var other: [ForeignReference] = []
        var counterparty: String? = nil
        var text: String? = nil

        var description: String { "\(amount) on \(date)" }

        func check(_ fact: PaymentFact, in name: String) {
            #expect(fact.kind == .bankCredit && fact.paid, "\(name): \(self)")
            #expect(fact.amount == Decimal(string: amount), "\(name): \(self)")
            #expect(fact.date?.description == date, "\(name): \(self)")
            if let currency { #expect(fact.currency == currency, "\(name): \(self)") }
            #expect(fact.structuredCommunication == ogm, "\(name): \(self)")
            for reference in other { #expect(fact.otherReferences.contains(reference), "\(name): \(self) lacks \(reference)") }
            if let counterparty { #expect(fact.counterparty == counterparty, "\(name): \(self)") }
            if let text { #expect(fact.text?.contains(text) == true, "\(name): \(self) says \(fact.text ?? "nothing")") }
            #expect(fact.numbersInText.isEmpty, "\(name): \(self) found numbers \(fact.numbersInText)")
        }
    }

    static func read(_ name: String) throws -> PaymentFile {
        try PaymentFileReader.read(try Fixture.data(name))
    }

    /// Reads a sample and checks it yields exactly these payments, no problem, and `ignored` lines that
    /// are not payments.
    static func expect(_ name: String, _ format: PaymentFileFormat, ignored: Int, _ payments: [Expected]) throws {
        let file = try read(name)
        #expect(file.format == format, "\(name)")
        #expect(file.problems.isEmpty, "\(name): \(file.problems)")
        #expect(file.ignored == ignored, "\(name): \(file.ignored) ignored")
        #expect(file.facts.count == payments.count, "\(name): \(file.facts.map { "\($0.amount ?? 0) \($0.date?.description ?? "")" })")
        for (fact, expected) in zip(file.facts, payments) { expected.check(fact, in: name) }
    }

    @Test func camt052ReportTwoCredits() throws {
        try Self.expect(
            "bank-statements/camt052/hbci4j-test-camt-parse-05200102.xml", .camt052, ignored: 0,
            [
                Expected(amount: "10.00", date: "2018-07-20", currency: "EUR", counterparty: "Max Mustermann", text: "Verwendungszweck 1"),
                Expected(amount: "0.50", date: "2018-07-20", currency: "EUR", counterparty: "Bert Bezahler", text: "Verwendungszweck 2"),
            ])
    }

    @Test func camt053TwoStatementsOneCreditTheOtherADebit() throws {
        try Self.expect(
            "bank-statements/camt053/genkgo-camt053.v2.multi.statement.xml", .camt053, ignored: 1,
            [
                Expected(
                    amount: "8.85", date: "2014-12-31", currency: "EUR", other: [ForeignReference(.endToEnd, "000000001")],
                    text: "Transaction Description 1")
            ])
        #expect(try Self.read("bank-statements/camt053/genkgo-camt053.v2.multi.statement.xml").notes.contains { $0.contains("copy or duplicate") })
    }

    @Test func camt053DatesWithAZoneAndFifteenDebits() throws {
        try Self.expect(
            "bank-statements/camt053/iso20022-davider80.xml", .camt053, ignored: 15,
            [
                Expected(
                    amount: "368.00", date: "2017-04-11", currency: "CHF",
                    other: [ForeignReference(.bankReference, "211067161010000000024556150000")], text: "Accredito")
            ])
    }

    @Test func camt053ADebitAReversedBatchAndACreditWithoutRemittance() throws {
        try Self.expect(
            "bank-statements/camt053/oca-test-camt053", .camt053, ignored: 2,
            [
                Expected(
                    amount: "1405.31", date: "2014-01-05", currency: "EUR", other: [ForeignReference(.endToEnd, "115")],
                    counterparty: "3rd party Media")
            ])
    }

    @Test func camt053BatchDetailsNeverTheTotalAndSwissISRReferences() throws {
        try Self.expect(
            "bank-statements/camt053/oca-test-camt053-txdtls", .camt053, ignored: 0,
            [
                Expected(
                    amount: "2187.00", date: "2017-03-22", currency: "CHF", other: [ForeignReference(.swissISR, "302388292000011111111111111")],
                    counterparty: "Banque Cantonale Vaudoise"),
                Expected(
                    amount: "1296.00", date: "2017-03-22", currency: "CHF", other: [ForeignReference(.swissISR, "302388292000022222222222222")],
                    counterparty: "Banque Cantonale Vaudoise"),
            ])
    }

    @Test func camt053ARealBelgianMonthFourCreditsAmong268Entries() throws {
        try Self.expect(
            "bank-statements/camt053/subite-BE68793230773034-202411.xml", .camt053, ignored: 264,
            [
                Expected(
                    amount: "50000", date: "2024-11-29", currency: "EUR", other: [ForeignReference(.endToEnd, "E2ESEKOZLQO41354223")],
                    counterparty: "Stellar Ltd", text: "Transfer ref HBAVHC9717"),
                Expected(
                    amount: "50000", date: "2024-11-21", currency: "EUR", other: [ForeignReference(.endToEnd, "E2ENTUGLHAS36485120")],
                    counterparty: "Stellar Ltd", text: "Transfer ref HBAVHC9717"),
                Expected(amount: "50000", date: "2024-11-12", currency: "EUR", counterparty: "Stellar Ltd", text: "Service fee VZWWJT1081"),
                Expected(amount: "30000", date: "2024-11-05", currency: "EUR", counterparty: "Stellar Ltd", text: "Service fee VZWWJT1081"),
            ])
    }

    @Test func camt054SwissQRReferenceIsAnotherScheme() throws {
        try Self.expect(
            "bank-statements/camt054/oca-test-camt054", .camt054, ignored: 0,
            [
                Expected(
                    amount: "5.00", date: "2022-01-26", currency: "EUR",
                    other: [
                        ForeignReference(.swissQR, "000000000000000000000000003"), ForeignReference(.endToEnd, "ENDTOENDID-01"),
                    ], counterparty: "Test Customer")
            ])
    }

    @Test func codaKBCWithOneValidStructuredCommunication() throws {
        try Self.expect(
            "bank-statements/coda/oca-Ontvangen_CODA.2012-01-11-18.59.15.txt", .coda, ignored: 7,
            [
                Expected(amount: "3044.45", date: "2012-01-11", currency: "EUR", ogm: "240283842818", counterparty: "PARTNER 2"),
                Expected(
                    amount: "63.74", date: "2012-01-11", currency: "EUR", counterparty: "KBC VERZEKERINGEN NV", text: "TERUGGAVE 37232481 8400083296"),
            ])
    }

    @Test func codaDirectDebitCollectionCountsItsDetailsNeverTheTotal() throws {
        try Self.expect(
            "bank-statements/coda/phpcoda-sample10.cod", .coda, ignored: 1,
            [
                Expected(
                    amount: "250", date: "2024-06-06", currency: "EUR", ogm: "243690000141", other: [ForeignReference(.mandate, "SEPA-000000001")],
                    counterparty: "KLANT1 MET NAAM1"),
                Expected(
                    amount: "750", date: "2024-06-06", currency: "EUR", other: [ForeignReference(.endToEnd, "243690000142")],
                    counterparty: "KLANT2 MET NAAM2"),
            ])
    }

    @Test func codaGlobalisationADuplicateFlagAndAPlaceholderEntryDate() throws {
        // The two 113,135.00 credits carry an entry date of 11/11/11, outside the statement: their value date is used.
        try Self.expect(
            "bank-statements/coda/pycoda-Coda_v2_3_globalisation.txt", .coda, ignored: 2,
            [
                Expected(amount: "113135", date: "2014-12-10", currency: "EUR", text: "REDEVANCE JAN-NOV"),
                Expected(amount: "113135", date: "2014-12-10", currency: "EUR", text: "REDEVANCE JAN-NOV"),
                Expected(amount: "50000", date: "2014-12-10", currency: "EUR", counterparty: "XXXX MARKET SA"),
            ])
        let notes = try Self.read("bank-statements/coda/pycoda-Coda_v2_3_globalisation.txt").notes
        #expect(notes.contains { $0.contains("duplicate") })
        #expect(notes.contains { $0.contains("BE12341676096039") && $0.contains("BE12301676096039") })
    }

    @Test func codaCardTerminalCreditsAreNoStructuredCommunications() throws {
        let cards = ["20", "20", "20", "15", "15", "20", "20", "15", "15"].map {
            Expected(amount: $0, date: "2009-03-05", currency: "EUR", other: [ForeignReference(.card, "(communication type 114)")])
        }
        let later = ["20", "15", "15"].map {
            Expected(amount: $0, date: "2009-03-05", currency: "EUR", other: [ForeignReference(.card, "(communication type 114)")])
        }
        try Self.expect(
            "bank-statements/coda/pycoda-Coda_v2_3_single_statement.txt", .coda, ignored: 17,
            cards + [
                Expected(amount: "148.30", date: "2009-03-05", counterparty: "VIVIUM", text: "ONG. SG 20-4203595"),
                Expected(amount: "2249.70", date: "2009-03-05", counterparty: "VIVIUM", text: "ONG. SG 20-4203595"),
            ] + later + [Expected(amount: "62095.01", date: "2009-03-05", text: "AANZUIVERING")])
        let total = try Self.read("bank-statements/coda/pycoda-Coda_v2_3_single_statement.txt").facts.reduce(Decimal(0)) { $0 + ($1.amount ?? 0) }
        #expect(total == Decimal(string: "64703.01"))
    }

    @Test func bankCSVExports() throws {
        try Self.expect("bank-statements/csv/fintro-sample.csv", .delimited, ignored: 4, [])
        try Self.expect(
            "bank-statements/csv/ofxdutch-ing_ok.csv", .delimited, ignored: 4,
            [
                Expected(amount: "1.25", date: "2020-02-13", currency: "EUR", counterparty: "Kwijtschelding"),
                Expected(amount: "20.00", date: "2019-12-13", currency: "EUR", counterparty: "PAULISSEN G J L M"),
            ])
        for name in [
            "bank-statements/csv/oca-meta_data_separated_credit_debit.csv", "bank-statements/xlsx/oca-meta_data_separated_credit_debit.xlsx",
        ] {
            try Self.expect(
                name, name.hasSuffix("xlsx") ? .xlsx : .delimited, ignored: 4,
                [
                    Expected(amount: "1300.00", date: "2020-04-02", text: "LABEL 4")
                ])
        }
    }

    @Test func aBankAPIExportIsReadNotMistakenForAPaymentList() throws {
        try Self.expect("bank-statements/other/nordigen-sample-statement.json", .bankJSON, ignored: 5, [])
    }

    @Test func mt940CreditsButNotTheReturnNorTheDebits() throws {
        try Self.expect(
            "mt940/libmt94x-ing-provided-example-single-message.txt", .mt940, ignored: 5,
            [
                Expected(
                    amount: "15.00", date: "2014-01-03", currency: "EUR", other: [ForeignReference(.dutchPaymentReference, "5010012368971337")],
                    counterparty: "ING Testrekening"),
                Expected(amount: "20.00", date: "2014-01-03", currency: "EUR", counterparty: "ING Testrekening", text: "UstrdRemInf5878992110"),
                Expected(amount: "25.00", date: "2014-01-03", currency: "EUR", other: [ForeignReference(.dutchPaymentReference, "6390338414964113")]),
                Expected(amount: "3889.15", date: "2014-01-03", currency: "EUR", text: "TOTAAL 168 POSTEN"),
            ])
    }

    /// Every sample is read (none rejected), and none has a line that is a problem: a statement that
    /// simply holds lines that are not ours is no error.
    @Test func noSampleIsRejectedOrHasABadLine() throws {
        let base = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/bank-statements")
        let names = try #require(FileManager.default.enumerator(atPath: base.path)).compactMap { $0 as? String }
            .filter { $0.contains("/") && !$0.hasSuffix(".md") }
        #expect(names.count == 16)
        for name in names {
            let file = try PaymentFileReader.read(try Data(contentsOf: base.appendingPathComponent(name)))
            #expect(file.problems.isEmpty, "\(name)")
        }
    }
}
