import DropValues
import Foundation
import PaymentFiles
import Testing

/// Bank CSV exports by their real header sets (SOURCES in README's payment section): each with a credit
/// carrying a structured communication, a credit with free text, and a debit. Only the credits count;
/// direction comes from the sign, a direction column or separate credit and debit columns.
@Suite struct BankExportTests {
    struct Export: CustomTestStringConvertible {
        var bank: String
        var text: String
        var encoding: String.Encoding = .utf8
        var testDescription: String { bank }
    }

    static let ogm = "+++084/2613/66074+++"

    static let exports: [Export] = [
        Export(
            bank: "KBC/CBC",
            text: """
                Rekeningnummer;Rubrieknaam;Naam;Munt;Afschriftnummer;Datum;Omschrijving;Valuta;Bedrag;Saldo;credit;debet;rekeningnummer tegenpartij;BIC tegenpartij;Naam tegenpartij;Adres tegenpartij;gestructureerde mededeling;Vrije mededeling
                BE68539007547034;Zicht;DE KROON BV;EUR;00012;28/11/2026;OVERSCHRIJVING;28/11/2026;121,00;10000,00;121,00;;BE71096123456769;GKCCBEBB;KLANT NV;Straat 1;\(ogm);
                BE68539007547034;Zicht;DE KROON BV;EUR;00012;28/11/2026;BETALING;28/11/2026;-45,00;9955,00;;45,00;BE71096123456770;GKCCBEBB;LEVERANCIER;Straat 2;;huur
                BE68539007547034;Zicht;DE KROON BV;EUR;00012;29/11/2026;OVERSCHRIJVING;29/11/2026;80,00;10035,00;80,00;;BE71096123456769;GKCCBEBB;KLANT NV;Straat 1;;factuur 2026 / 11
                """),
        Export(
            bank: "BNP Paribas Fortis (NL)",
            text: """
                Volgnummer;Uitvoeringsdatum;Valutadatum;Bedrag;Valuta rekening;Rekeningnummer;Type verrichting;Tegenpartij;Naam van de tegenpartij;Mededeling;Details;Status;Reden van weigering
                2026-0101;28/11/2026;28/11/2026;121,00;EUR;BE68539007547034;Overschrijving;BE71096123456769;KLANT NV;\(ogm);OVERSCHRIJVING VAN KLANT NV;Geaccepteerd;
                2026-0102;28/11/2026;28/11/2026;-45,00;EUR;BE68539007547034;Domiciliëring;BE71096123456770;LEVERANCIER;;HUUR;Geaccepteerd;
                2026-0103;29/11/2026;29/11/2026;80,00;EUR;BE68539007547034;Overschrijving;BE71096123456769;KLANT NV;factuur 2026/11;;Geaccepteerd;
                2026-0104;29/11/2026;29/11/2026;99,00;EUR;BE68539007547034;Overschrijving;BE71096123456771;ANDERE;factuur 2026/12;;Geweigerd;Onvoldoende saldo
                """),
        Export(
            bank: "BNP Paribas Fortis (FR)",
            text: """
                Numéro de séquence;Date d'exécution;Date valeur;Montant;Devise du compte;Numéro de compte;Type de transaction;Contrepartie;Nom de la contrepartie;Communication;Détails;Statut;Motif du refus
                2026-0101;28/11/2026;28/11/2026;121,00;EUR;BE68539007547034;Virement;BE71096123456769;KLANT NV;\(ogm);VIREMENT;Accepté;
                2026-0102;28/11/2026;28/11/2026;-45,00;EUR;BE68539007547034;Domiciliation;BE71096123456770;FOURNISSEUR;;LOYER;Accepté;
                2026-0103;29/11/2026;29/11/2026;80,00;EUR;BE68539007547034;Virement;BE71096123456769;KLANT NV;facture 2026/11;;Accepté;
                """),
        Export(
            bank: "Belfius (NL)",
            text: """
                Boekingsdatum vanaf;01/11/2026
                Boekingsdatum tot en met;30/11/2026
                Bedrag vanaf;
                Bedrag tot en met;
                Rekeninguittrekselnummer vanaf;
                Rekeninguittrekselnummer tot en met;
                Mededeling;
                Naam tegenpartij bevat;
                Rekening tegenpartij;
                Laatste saldo;10.000,00 EUR
                Datum/uur van het laatste saldo;30/11/2026 13:14:53
                ;
                Rekening;Boekingsdatum;Rekeninguittrekselnummer;Transactienummer;Rekening tegenpartij;Naam tegenpartij bevat;Straat en nummer;Postcode en plaats;Transactie;Valutadatum;Bedrag;Devies;BIC;Landcode;Mededelingen
                BE68 5390 0754 7034;28/11/2026;00012;52;BE71 0961 2345 6769;KLANT NV;Straat 1;1000 Brussel;OVERSCHRIJVING;28/11/2026;121,00;EUR;GKCCBEBB;BE;\(ogm)
                BE68 5390 0754 7034;28/11/2026;00012;53;BE71 0961 2345 6770;LEVERANCIER;Straat 2;2000 Antwerpen;DOMICILIERING;28/11/2026;-45,00;EUR;GKCCBEBB;BE;HUUR
                BE68 5390 0754 7034;29/11/2026;00012;54;BE71 0961 2345 6769;KLANT NV;Straat 1;1000 Brussel;OVERSCHRIJVING;29/11/2026;80,00;EUR;GKCCBEBB;BE;factuur 2026/11
                """, encoding: .isoLatin1),
        Export(
            bank: "ING Belgium",
            text: """
                Rekeningnummer;Naam van de rekening;Rekening tegenpartij;Omzetnummer;Boekingsdatum;Valutadatum;Bedrag;Munteenheid;Omschrijving;Detail van de omzet;Bericht
                BE68539007547034;DE KROON BV;BE71096123456769;21;28/11/2026;28/11/2026;121,00;EUR;Europese overschrijving;Van KLANT NV;\(ogm)
                BE68539007547034;DE KROON BV;BE71096123456770;22;28/11/2026;28/11/2026;-45,00;EUR;Europese domiciliëring;LEVERANCIER;huur
                BE68539007547034;DE KROON BV;BE71096123456769;23;29/11/2026;29/11/2026;80,00;EUR;Europese overschrijving;Van KLANT NV;factuur 2026/11
                """),
        Export(
            bank: "Argenta (NL)",
            text: """
                Nr v/d rekening :;BE68 5390 0754 7034;Zichtrekening
                Valutadatum;Ref. v/d verrichting;Beschrijving;Bedrag v/d verrichting;Munt;Datum v. verrichting;Rekening tegenpartij;Naam v/d tegenpartij :;Mededeling 1 :;Mededeling 2 :
                28-11-2026;B6K28AG0710901U2;Overschrijving in uw voordeel;121,00;EUR;28-11-2026;BE71 0961 2345 6769;KLANT NV;\(ogm);
                28-11-2026;B6K28AG0710901U3;Domiciliëring;-45,00;EUR;28-11-2026;BE71 0961 2345 6770;LEVERANCIER;HUUR;
                29-11-2026;B6K29AG0710901U4;Overschrijving in uw voordeel;80,00;EUR;29-11-2026;BE71 0961 2345 6769;KLANT NV;factuur;2026/11
                """),
        Export(
            bank: "Argenta (FR)",
            text: """
                Date valeur;Référence de l'opération;Description;Montant de l'opération;Devise;Date d'opération;Compte de contrepartie;Nom de la contrepartie :;Communication 1 :;Communication 2 :
                28-11-2026;B6K28AG0710901U2;Virement en votre faveur;121,00;EUR;28-11-2026;BE71 0961 2345 6769;KLANT NV;\(ogm);
                28-11-2026;B6K28AG0710901U3;Domiciliation;-45,00;EUR;28-11-2026;BE71 0961 2345 6770;FOURNISSEUR;LOYER;
                29-11-2026;B6K29AG0710901U4;Virement en votre faveur;80,00;EUR;29-11-2026;BE71 0961 2345 6769;KLANT NV;facture 2026/11;
                """),
        Export(
            bank: "Crelan",
            text: """
                Datum;Bedrag;Munt;Tegenpartij;Rekening tegenpartij;Type verrichting;Mededeling
                28/11/2026;121,00;EUR;KLANT NV;BE71096123456769;Overschrijving;\(ogm)
                28/11/2026;-45,00;EUR;LEVERANCIER;BE71096123456770;Domiciliëring;huur
                29/11/2026;80,00;EUR;KLANT NV;BE71096123456769;Overschrijving;factuur 2026/11
                """),
        Export(
            bank: "Knab (NL), unsigned with CreditDebet",
            text: """
                KNAB EXPORT;;;;;;;;;;;;;;;;
                Rekeningnummer;Transactiedatum;Valutacode;CreditDebet;Bedrag;Tegenrekeningnummer;Tegenrekeninghouder;Valutadatum;Betaalwijze;Omschrijving;Type betaling;Machtigingsnummer;Incassant ID;Adres;Referentie;Boekdatum;
                "NL99KNAB9999999999";"28-11-2026";"EUR";"C";"121,00";"BE71096123456769";"KLANT NV";"28-11-2026";"Overboeking";"\(ogm)";"";"";"";"";"X1";"28-11-2026";
                "NL99KNAB9999999999";"28-11-2026";"EUR";"D";"45,00";"BE71096123456770";"LEVERANCIER";"28-11-2026";"Overboeking";"huur";"";"";"";"";"X2";"28-11-2026";
                "NL99KNAB9999999999";"29-11-2026";"EUR";"C";"80,00";"BE71096123456769";"KLANT NV";"29-11-2026";"Overboeking";"factuur 2026/11";"";"";"";"";"X3";"29-11-2026";
                """),
        Export(
            bank: "separate Debit and Credit columns, D/C in a Type column",
            text: """
                Date,Type,Label,Debit,Credit,Detail
                28/11/2026,C,KLANT NV,,"121,00",\(ogm)
                28/11/2026,D,LEVERANCIER,"-45,00",,huur
                29/11/2026,C,KLANT NV,,"80,00",factuur 2026/11
                Total,,,"-45,00","201,00",
                """),
        Export(
            bank: "Débit/Crédit direction column (FR)",
            text: """
                Date;Libellé;Montant;Débit/Crédit;Communication
                28/11/2026;KLANT NV;121,00;Crédit;\(ogm)
                28/11/2026;LOYER;45,00;Débit;loyer novembre
                29/11/2026;KLANT NV;80,00;Crédit;facture 2026/11
                Solde;;10.156,00;;
                """),
    ]

    @Test(arguments: exports)
    func onlyMoneyComingInWithItsReferences(_ export: Export) throws {
        let file = try PaymentFileReader.read(try #require(export.text.data(using: export.encoding)))
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.facts.count == 2, "\(file.facts)")
        #expect(file.facts.allSatisfy { $0.kind == .bankCredit })
        let (structured, free) = (file.facts[0], file.facts[1])
        #expect(structured.amount == 121 && structured.date?.description == "2026-11-28")
        #expect(structured.structuredCommunication == "084261366074")
        #expect(free.amount == 80 && free.date?.description == "2026-11-29")
        #expect(free.numbersInText == ["2026/11"])
        #expect(file.ignored >= 1)
        #expect(file.notes.contains { $0.contains("bank export") })
    }

    @Test func aTypeColumnThatHoldsTransactionTypesIsNoDirection() throws {
        let text = "Datum;Type;Bedrag;Mededeling\n28/11/2026;Overschrijving;121,00;\(Self.ogm)\n28/11/2026;Domiciliëring;-45,00;huur\n"
        let file = try PaymentFileReader.read(Data(text.utf8))
        #expect(file.facts.map(\.amount) == [121])
        #expect(file.ignored == 1)
    }

    @Test func anUnknownDirectionIsAProblemWithItsLine() throws {
        let text = "Datum;Af Bij;Bedrag;Mededeling\n28/11/2026;Bij;121,00;\(Self.ogm)\n28/11/2026;Af;45,00;huur\n29/11/2026;?;80,00;factuur 2026/11\n"
        let file = try PaymentFileReader.read(Data(text.utf8))
        #expect(file.facts.count == 1)
        #expect(file.problems.map(\.line) == [4])
        #expect(file.problems.first?.message.contains("direction '?'") == true)
    }
}
