import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing
import Wording

/// A root that spoke English for a week is switched to Dutch (or French): the next run rewrites
/// STATUS.md and the review files with no English word left, the last runs of the English week included,
/// and the status page follows without a restart.
@Suite struct LanguageSwitchTests {
    @Test(arguments: [Language.nl, .fr])
    func aLanguageSwitchAfterAWeekInEnglishLeavesNoEnglishWord(language: Language) async throws {
        try await AgentHarness.with(.agentTest(invoices: 40)) { harness in
            try harness.writeConfiguration(extra: "[inbox]\nsettle_seconds = 0\n")
            try await harness.connect()
            #expect(await harness.run().exitStatus == .success)
            let sandbox = harness.sandbox
            let open = harness.openInvoices(department: 0)
            let shared = try #require(
                open.first { invoice in sandbox.invoices.contains { $0.number == invoice.number && $0.departmentID != invoice.departmentID } })
            let others = open.filter { $0.id != shared.id }
            try await StatusPageTests.serving(harness) { base in
                // A week in English: payments registered, over-payments and shared numbers held, a file
                // that could not be read, an invoice paid meanwhile.
                try harness.drop(
                    "maandag.csv",
                    AgentHarness.paymentCSV([
                        (others[0].number!, ""), (others[1].number!, "\(others[1].due + 100)".replacingOccurrences(of: ".", with: ",")),
                    ]),
                    company: "Company 1")
                try harness.drop("dinsdag.csv", AgentHarness.paymentCSV([(shared.number!, ""), ("2026 / 999", "12,00")]))
                try harness.drop("kapot.csv", Data("Omschrijving;Iets\nhallo;wereld\n".utf8))
                _ = await harness.run()
                try sandbox.payInvoice(id: others[2].id)
                try harness.drop("woensdag.csv", AgentHarness.paymentCSV([(others[2].number!, "")]), company: "Company 1")
                _ = await harness.run()
                _ = await harness.run()
                let english = try await Browser.get(base)
                #expect(english.body.contains("Needs attention"))

                // Switched: the next run rewrites what people read.
                try harness.writeConfiguration(topLevel: "language = \"\(language.rawValue)\"\n", extra: "[inbox]\nsettle_seconds = 0\n")
                _ = await harness.run()
                let w = Wording(language)
                var files = ["Outbox/STATUS.md": try String(contentsOf: harness.layout.statusFile, encoding: .utf8)]
                for name in harness.inbox("Review") where name.hasSuffix(".review.csv") {
                    files["Inbox/Review/\(name)"] = try String(
                        contentsOf: harness.layout.inbox.appendingPathComponent("Review/\(name)"), encoding: .utf8)
                }
                #expect(files.count >= 3, "STATUS.md and two review files: \(files.keys.sorted())")
                for (path, text) in files {
                    for fragment in LanguageTestsFragments.english(absentFrom: language) {
                        #expect(!text.contains(fragment), "\(path) still says '\(fragment)' in English")
                    }
                }
                #expect(files["Outbox/STATUS.md"]!.contains("## " + w(.needsAttention)))
                #expect(files["Outbox/STATUS.md"]!.contains(w(.runRegistered, 1)), "the English week's runs, now in \(language)")
                // The page follows tldrop.toml without a restart.
                let page = try await Browser.get(base)
                #expect(page.body.contains(w(.needsAttention)) && !page.body.contains("Needs attention"))
            }
        }
    }
}

/// The English words of every phrase that reads differently in a language (as `LanguageTests` finds them).
enum LanguageTestsFragments {
    static func english(absentFrom language: Language) -> [String] {
        let english = Wording.table(.en)
        let other = Wording.table(language)
        let own = other.values.joined(separator: "\n")
        var fragments: Set<String> = []
        for phrase in Phrase.allCases where english[phrase] != other[phrase] {
            for piece in english[phrase]!.split(separator: /\{[^}]*\}/) {
                let fragment = piece.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                if fragment.count >= 12, !own.contains(fragment) { fragments.insert(fragment) }
            }
        }
        return fragments.sorted()
    }
}
