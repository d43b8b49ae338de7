import DropIndex
import DropValues
import Foundation
import Testing

@testable import DropAgent

/// Outbox file names, one row per rule: `<date>_<number>_<customer>.<ext>`, credit notes marked, the
/// text Teamleader sent made safe for every file system, at most 150 bytes, extensions never shared.
@Suite struct DocumentNamerTests {
    @Test(arguments: [
        ("2026 / 42", "Klant NV", DocumentKind.invoice, "2026-11-20_2026-42_Klant NV.pdf"),
        ("2026 / 42", "Klant NV", .creditNote, "2026-11-20_CN-2026-42_Klant NV.pdf"),
        ("2026/7", "A/B: C*D?", .invoice, "2026-11-20_2026-7_A-B- C-D.pdf"),
        ("2026 / 1", "  ..Hidden  ", .invoice, "2026-11-20_2026-1_Hidden.pdf"),
        ("2026 / 1", "", .invoice, "2026-11-20_2026-1_unknown.pdf"),
        ("///", "Klant", .invoice, "2026-11-20_no-number_Klant.pdf"),
        ("2026 / 1", "Cafe\u{0301}", .invoice, "2026-11-20_2026-1_Café.pdf"),
    ])
    func numbersAndKindsAreWrittenSafely(number: String, customer: String, kind: DocumentKind, expected: String) {
        let name = DocumentNamer.name(date: "2026-11-20", number: number, customer: customer, kind: kind, extension: "pdf")
        #expect(name == expected)
        #expect(name == name.precomposedStringWithCanonicalMapping, "NFC")
    }

    @Test(arguments: [
        ("Brouwerij De Kroon", "2026-11-28_2026-42_Brouwerij De Kroon.pdf"),
        ("AC/DC Tribute vzw", "2026-11-28_2026-42_AC-DC Tribute vzw.pdf"),
        ("../../etc/passwd", "2026-11-28_2026-42_etc-passwd.pdf"),
        ("Café \"Het Anker\"", "2026-11-28_2026-42_Café -Het Anker.pdf"),
        ("-rf Holdings", "2026-11-28_2026-42_rf Holdings.pdf"),
        (".hidden NV", "2026-11-28_2026-42_hidden NV.pdf"),
        ("Line\nbreak\tand\u{7}bell", "2026-11-28_2026-42_Linebreakandbell.pdf"),
        ("", "2026-11-28_2026-42_unknown.pdf"),
        ("Back\\slash: Star* Question? <Pipe|>", "2026-11-28_2026-42_Back-slash- Star- Question- Pipe.pdf"),
    ])
    func namesAreSanitised(customer: String, expected: String) {
        #expect(DocumentNamer.name(date: "2026-11-28", number: "2026 / 42", customer: customer, kind: .invoice, extension: "pdf") == expected)
    }

    @Test func decomposedAccentsBecomeComposed() {
        let name = DocumentNamer.name(date: "2026-11-28", number: "2026 / 1", customer: "Zoe\u{0308}", kind: .invoice, extension: "pdf")
        #expect(name == "2026-11-28_2026-1_Zo\u{00EB}.pdf")
        #expect(name.unicodeScalars.contains("\u{00EB}"))
    }

    @Test func longNamesStayWithin150BytesWithoutSplittingACharacter() {
        let customer = String(repeating: "é", count: 300)
        let name = DocumentNamer.name(date: "2026-11-28", number: "2026 / 42", customer: customer, kind: .creditNote, extension: "xml")
        #expect(name.utf8.count <= 150)
        #expect(name.hasPrefix("2026-11-28_CN-2026-42_éé"))
        #expect(name.hasSuffix("é.xml"))
    }

    @Test func twoStructuredFormatsNeverShareAnExtension() {
        let extensions = DocumentNamer.extensions(for: [.pdf, .ublEfff, .ublPeppolBis3, .ublXRechnung])
        #expect(extensions == [.pdf: "pdf", .ublEfff: "xml", .ublPeppolBis3: "peppol.xml", .ublXRechnung: "xrechnung.xml"])
        #expect(Set(extensions.values).count == 4)
        #expect(DocumentNamer.extensions(for: [.ublPeppolBis3, .ublEfff]) == [.ublPeppolBis3: "xml", .ublEfff: "efff.xml"])
    }
}

/// Whether a payer is the document's customer: what lets a part payment found in free text be queued
/// instead of held. Case, accents, punctuation and legal forms aside; one name's words within the other's.
@Suite struct CustomerNameTests {
    @Test(arguments: [
        ("KLANT NV", "Klant NV", true),
        ("Klant", "Klant BVBA", true),
        ("Société Générale SA", "SOCIETE GENERALE", true),
        ("Bakkerij Peeters", "Peeters Bakkerij BV", true),
        ("Peeters", "Bakkerij Peeters BV", true),
        ("Janssens", "Peeters", false),
        ("NV", "Klant NV", false),
        ("AB", "AB", false),
        ("", "Klant", false),
    ])
    func aPayerIsTheCustomerOnlyWhenTheNamesAgree(payer: String, customer: String, expected: Bool) {
        #expect(CustomerName.matches(payer, customer) == expected)
    }

    @Test func noPayerIsNeverTheCustomer() {
        #expect(!CustomerName.matches(nil, "Klant NV"))
    }
}
