import DropAgent
import DropTestSupport
import DropValues
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing
import Wording

/// `language = "nl" | "fr" | "en"`: one phrase table per language, each complete, Belgian dates and
/// amounts, and folder files with no English left in them.
@Suite struct LanguageTests {
    @Test(arguments: Language.allCases)
    func everyPhraseIsInEveryTableWithTheSamePlaceholders(language: Language) {
        let table = Wording.table(language)
        let english = Wording.table(.en)
        for phrase in Phrase.allCases {
            let text = table[phrase]
            #expect(text != nil, "\(phrase) has no \(language) text")
            guard let text, let original = english[phrase] else { continue }
            #expect(Wording.placeholders(text) == Wording.placeholders(original), "\(phrase) in \(language): \(text)")
        }
        #expect(table.count == Phrase.allCases.count)
    }

    /// Counts take the right form in each language: one in English and Dutch, zero and one in French.
    @Test func pluralsAreRightInAllThreeLanguages() {
        let (en, nl, fr) = (Wording(.en), Wording(.nl), Wording(.fr))
        #expect(en(.runRegistered, 1) == "1 payment registered" && en(.runRegistered, 2) == "2 payments registered")
        #expect(nl(.runRegistered, 1) == "1 betaling geregistreerd" && nl(.runRegistered, 3) == "3 betalingen geregistreerd")
        #expect(fr(.runRegistered, 1) == "1 paiement enregistré" && fr(.runRegistered, 0) == "0 paiement enregistré")
        #expect(fr(.runRegistered, 2) == "2 paiements enregistrés")
        #expect(en(.runInboxFiles, 1, 1) == "1 inbox file read, 1 payment queued")
        #expect(en(.runInboxFiles, 2, 12) == "2 inbox files read, 12 payments queued")
        // Kept as words, put in a language when read.
        let words = Words.joined([Words(.runMirrored, 3), Words(.runRegistered, 1)])
        let stored = Words.stored(words.stored)
        #expect(stored == words && stored.text(nl) == "3 gespiegeld; 1 betaling geregistreerd")
        #expect(Words.stored("0 mirrored; plain text of an earlier version").text(nl) == "0 mirrored; plain text of an earlier version")
        let money = Words(.judgeOverpaid, typed: [Words.money(Decimal(string: "1234.5")!, "EUR"), Words.money(100, "EUR")])
        #expect(Words.stored(money.stored).text(fr).hasPrefix("1.234,50 € dépasse le montant ouvert 100,00 €"))
    }

    @Test func datesAndAmountsAreWrittenTheBelgianWayInDutchAndFrench() {
        let day = CalendarDate("2026-11-28")!
        for language in [Language.nl, .fr] {
            #expect(language.date(day) == "28/11/2026")
            #expect(language.money(Decimal(string: "1234.5")!, currency: "EUR") == "1.234,50 €")
            #expect(language.money(Decimal(string: "-1234567.891")!, currency: "EUR") == "-1.234.567,89 €")
            #expect(language.money(5, currency: "USD") == "5,00 USD")
            #expect(language.csvNumber(Decimal(string: "1234.5")!) == "1234,50" && language.csvSeparator == ";")
        }
        #expect(Language.en.date(day) == "2026-11-28" && Language.en.money(Decimal(string: "1234.5")!, currency: "EUR") == "1234.50 EUR")
        #expect(Language.en.csvSeparator == ",")
        #expect(Language(locale: "nl_BE.UTF-8") == .nl && Language(locale: "fr-BE") == .fr && Language(locale: "de_DE") == .en)
        #expect(Language.proposed(environment: ["LANG": "fr_BE.UTF-8"]) == .fr && Language.proposed(environment: [:]) == .en)
    }

    @Test(arguments: Language.allCases)
    func initProposesALanguageAndTheConfigurationKeepsIt(language: Language) throws {
        let loader = ConfigurationLoader(layout: RootLayout(root: URL(fileURLWithPath: "/tmp/none")), environment: [:])
        let text = ConfigurationTemplate.render(startDate: CalendarDate("2026-11-01")!, language: language)
        #expect(text.contains("language = \"\(language.rawValue)\""))
        #expect(try loader.parse(text).language == language)
        #expect(try loader.parse("start_date = \"2026-11-01\"\n").language == .en)
        #expect(throws: ConfigurationError.self) { try loader.parse("start_date = \"2026-11-01\"\nlanguage = \"de\"\n") }
    }

    /// The English words of every phrase that reads differently in `language`: none may be left in a
    /// folder file written in that language.
    static func englishFragments(absentFrom language: Language) -> [String] {
        let english = Wording.table(.en)
        let other = Wording.table(language)
        var fragments: Set<String> = []
        // Words the language itself uses (`SHA-256`, a command, an English column name it accepts) are no sign of English.
        let own = other.values.joined(separator: "\n")
        for phrase in Phrase.allCases where english[phrase] != other[phrase] {
            for piece in english[phrase]!.split(separator: /\{[^}]*\}/) {
                let fragment = piece.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                if fragment.count >= 12, !own.contains(fragment) { fragments.insert(fragment) }
            }
        }
        return fragments.sorted()
    }

    @Test(arguments: [Language.nl, .fr])
    func aRunWritesEveryFolderFileInItsLanguage(language: Language) async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(keepMonths: 2, topLevel: "language = \"\(language.rawValue)\"\n", extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let open = try #require(harness.openInvoices().first)
            try harness.drop(
                "betalingen.csv",
                Data(
                    """
                    Factuurnummer;Betaald;Betaaldatum;Bedrag
                    \(open.number!);ja;28/11/2026;
                    2026 / 999;ja;28/11/2026;10,00
                    \(open.number!);ja;28/11/2026;veel
                    \(open.number!);ja;28/11/2026;99999,00

                    """.utf8), company: "Company 1")
            try harness.drop("kapot.csv", Data("Omschrijving;Iets\nhallo;wereld\n".utf8))
            #expect(await harness.run().exitStatus == .dataError)

            let processed = try #require(harness.inbox("Processed").first { $0.hasPrefix("20") })
            var files: [String: String] = [:]
            func read(_ path: String) throws { files[path] = try String(contentsOf: harness.root.appendingPathComponent(path), encoding: .utf8) }
            try read("Outbox/STATUS.md")
            try read("Inbox/Processed/\(processed)/betalingen.csv.report.txt")
            try read("Inbox/Rejected/kapot.csv.error.txt")
            try read("Inbox/Review/betalingen.csv.review.csv")
            let reports = harness.layout.companyFolder("Company 1").appendingPathComponent("Reports")
            let names = try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted()
            #expect(names.count >= 2)
            for name in names { try read("Outbox/Company 1/Reports/\(name)") }

            for (path, text) in files {
                for fragment in Self.englishFragments(absentFrom: language) {
                    #expect(!text.contains(fragment), "\(path) still says '\(fragment)' in English")
                }
            }
            let w = Wording(language)
            #expect(files["Outbox/STATUS.md"]!.contains("# " + w(.statusTitle)))
            #expect(files["Inbox/Processed/\(processed)/betalingen.csv.report.txt"]!.contains(w(.headingQueued) + ": 1"))
            #expect(files["Inbox/Review/betalingen.csv.review.csv"]!.contains(w(.reviewDocumentNumber)))
            // Month reports: Belgian dates and amounts; the CSV with ';' and decimal commas.
            let markdown = try #require(names.first { $0.hasSuffix(".md") }.flatMap { files["Outbox/Company 1/Reports/\($0)"] })
            let belgianDate = try Regex(#"\| \d\d/\d\d/\d{4} \|"#)
            let belgianAmount = try Regex(#"\d,\d\d €"#)
            #expect(markdown.contains(belgianDate) && markdown.contains(belgianAmount))
            let csv = try #require(names.first { $0.hasSuffix(".csv") }.flatMap { files["Outbox/Company 1/Reports/\($0)"] })
            let rows = csv.split(separator: "\r\n")
            #expect(rows.count >= 2 && rows.allSatisfy { $0.split(separator: ";", omittingEmptySubsequences: false).count == 17 })
            let decimalComma = try Regex(#";-?\d+,\d\d;"#)
            #expect(rows.dropFirst().allSatisfy { $0.contains(decimalComma) })
        }
    }
}
