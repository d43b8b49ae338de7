/// A file format `invoices.download` and `creditNotes.download` serve.
package struct DocumentFormat: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    package static let pdf = DocumentFormat(rawValue: "pdf")
    package static let ublEfff = DocumentFormat(rawValue: "ubl/e-fff")
    package static let ublPeppolBis3 = DocumentFormat(rawValue: "ubl/peppol_bis_3")
    package static let ublXRechnung = DocumentFormat(rawValue: "ubl/xrechnung")
    /// A file an admin put in the outbox by hand and tldrop adopted: not a format Teamleader serves.
    package static let manual = DocumentFormat(rawValue: "manual")
    /// Every format both invoices and credit notes can be downloaded in (specification 1.170 and later).
    package static let all: [DocumentFormat] = [.pdf, .ublEfff, .ublPeppolBis3, .ublXRechnung]

    /// Whether it is a structured (UBL) format, which Teamleader may refuse for a document it cannot
    /// validate.
    package var isStructured: Bool { self != .pdf }

    /// The file extension a downloaded document gets.
    package var fileExtension: String { self == .pdf ? "pdf" : "xml" }
    package var description: String { rawValue }
}
