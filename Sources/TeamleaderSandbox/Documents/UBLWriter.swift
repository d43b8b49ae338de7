import Foundation

/// Writes UBL 2.1 invoices and credit notes shaped like Peppol BIS Billing 3.0 (`ubl/peppol_bis_3`, with or
/// without the PDF embedded), the Belgian e-fff profile (`ubl/e-fff`, which always embeds the PDF) or
/// XRechnung (`ubl/xrechnung`).
enum UBLWriter {
    enum Profile: Sendable {
        case peppolBIS3(pdf: Data?)
        case efff(pdf: Data)
        case xrechnung

        var customizationID: String {
            switch self {
            case .peppolBIS3: return "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
            case .efff: return "urn:cen.eu:en16931:2017#conformant#urn:UBL.BE:1.0.0.20180214"
            case .xrechnung: return "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
            }
        }

        var embeddedPDF: Data? {
            switch self {
            case .peppolBIS3(let pdf): return pdf
            case .efff(let pdf): return pdf
            case .xrechnung: return nil
            }
        }
    }

    static func render(_ document: SandboxDocument, profile: Profile) -> Data {
        let root = document.isCreditNote ? "CreditNote" : "Invoice"
        let namespace = "urn:oasis:names:specification:ubl:schema:xsd:\(root)-2"
        let currency = document.currency
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <\(root) xmlns="\(namespace)" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
              <cbc:CustomizationID>\(profile.customizationID)</cbc:CustomizationID>
              <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
              <cbc:ID>\(escape(document.number))</cbc:ID>
              <cbc:IssueDate>\(document.date)</cbc:IssueDate>

            """
        if let due = document.dueOn, !document.isCreditNote { xml += "  <cbc:DueDate>\(due)</cbc:DueDate>\n" }
        xml +=
            document.isCreditNote
            ? "  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>\n"
            : "  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>\n"
        if document.revision > 1 { xml += "  <cbc:Note>Revision \(document.revision)</cbc:Note>\n" }
        xml += "  <cbc:DocumentCurrencyCode>\(currency)</cbc:DocumentCurrencyCode>\n"
        if let credited = document.creditedNumber {
            xml +=
                "  <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>\(escape(credited))</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>\n"
        }
        if let pdf = profile.embeddedPDF {
            xml += """
                  <cac:AdditionalDocumentReference>
                    <cbc:ID>\(escape(document.number))</cbc:ID>
                    <cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="\(escape(document.number)).pdf">\(pdf.base64EncodedString())</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>
                  </cac:AdditionalDocumentReference>

                """
        }
        xml += party("AccountingSupplierParty", name: document.supplier.name, vat: document.supplier.vatNumber)
        xml += party("AccountingCustomerParty", name: document.customerName, vat: document.customerVAT)
        if !document.isCreditNote {
            xml += "  <cac:PaymentMeans>\n    <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>\n"
            if let reference = document.paymentReference {
                xml += "    <cbc:PaymentID>\(escape(reference))</cbc:PaymentID>\n"
            }
            xml +=
                "    <cac:PayeeFinancialAccount><cbc:ID>\(escape(document.supplier.iban.replacingOccurrences(of: " ", with: "")))</cbc:ID></cac:PayeeFinancialAccount>\n  </cac:PaymentMeans>\n"
        }
        xml += """
              <cac:TaxTotal>
                <cbc:TaxAmount currencyID="\(currency)">\(SandboxDocument.amount(document.tax))</cbc:TaxAmount>
              </cac:TaxTotal>
              <cac:LegalMonetaryTotal>
                <cbc:LineExtensionAmount currencyID="\(currency)">\(SandboxDocument.amount(document.taxExclusive))</cbc:LineExtensionAmount>
                <cbc:TaxExclusiveAmount currencyID="\(currency)">\(SandboxDocument.amount(document.taxExclusive))</cbc:TaxExclusiveAmount>
                <cbc:TaxInclusiveAmount currencyID="\(currency)">\(SandboxDocument.amount(document.taxInclusive))</cbc:TaxInclusiveAmount>
                <cbc:PayableAmount currencyID="\(currency)">\(SandboxDocument.amount(document.due))</cbc:PayableAmount>
              </cac:LegalMonetaryTotal>

            """
        let lineTag = document.isCreditNote ? "CreditNoteLine" : "InvoiceLine"
        let quantityTag = document.isCreditNote ? "CreditedQuantity" : "InvoicedQuantity"
        for (index, line) in document.lines.enumerated() {
            xml += """
                  <cac:\(lineTag)>
                    <cbc:ID>\(index + 1)</cbc:ID>
                    <cbc:\(quantityTag) unitCode="C62">\(line.quantity)</cbc:\(quantityTag)>
                    <cbc:LineExtensionAmount currencyID="\(currency)">\(SandboxDocument.amount(line.taxExclusive))</cbc:LineExtensionAmount>
                    <cac:Item><cbc:Name>\(escape(line.description))</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>\(line.taxRate * 100)</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
                    <cac:Price><cbc:PriceAmount currencyID="\(currency)">\(SandboxDocument.amount(line.unitPrice))</cbc:PriceAmount></cac:Price>
                  </cac:\(lineTag)>

                """
        }
        xml += "</\(root)>\n"
        return Data(xml.utf8)
    }

    private static func party(_ tag: String, name: String, vat: String?) -> String {
        var xml = "  <cac:\(tag)>\n    <cac:Party>\n"
        xml += "      <cac:PartyName><cbc:Name>\(escape(name))</cbc:Name></cac:PartyName>\n"
        if let vat {
            xml +=
                "      <cac:PartyTaxScheme><cbc:CompanyID>\(escape(vat))</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>\n"
        }
        xml += "      <cac:PartyLegalEntity><cbc:RegistrationName>\(escape(name))</cbc:RegistrationName></cac:PartyLegalEntity>\n"
        xml += "    </cac:Party>\n  </cac:\(tag)>\n"
        return xml
    }

    /// XML text escaping; control characters that XML 1.0 forbids are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
