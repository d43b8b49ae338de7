import Foundation

/// A page request. Teamleader's default is 20; tldrop always asks for 100, the documented maximum.
public struct Page: Codable, Sendable, Hashable {
    public var size: Int
    public var number: Int

    public init(size: Int = Page.maximumSize, number: Int = 1) {
        self.size = size
        self.number = number
    }

    public static let maximumSize = 100
}

/// One sort key. Teamleader's documentation disagrees with itself about the default order, so every
/// listing sends one explicitly.
public struct SortOrder: Codable, Sendable, Hashable {
    public var field: String
    /// `asc` or `desc`.
    public var order: String

    public init(field: String, order: String = "asc") {
        self.field = field
        self.order = order
    }

    public static let invoiceDateAscending = SortOrder(field: "invoice_date", order: "asc")
    public static let invoiceNumberAscending = SortOrder(field: "invoice_number", order: "asc")
}

/// Every filter `invoices.list` documents. All are optional and combine with AND.
public struct InvoiceFilter: Codable, Sendable, Hashable {
    public var ids: [String]?
    /// Matches invoice number, PO number, payment reference and invoicee.
    public var term: String?
    /// The full number, `"2017 / 5"`.
    public var invoiceNumber: String?
    public var departmentId: String?
    public var dealId: String?
    public var projectId: String?
    public var subscriptionId: String?
    public var status: [InvoiceStatus]?
    public var updatedSince: Date?
    public var purchaseOrderNumber: String?
    public var paymentReference: String?
    /// Inclusive.
    public var invoiceDateAfter: CalendarDate?
    /// Inclusive.
    public var invoiceDateBefore: CalendarDate?
    public var customer: TypedReference?

    public init(
        ids: [String]? = nil, term: String? = nil, invoiceNumber: String? = nil, departmentId: String? = nil,
        dealId: String? = nil, projectId: String? = nil, subscriptionId: String? = nil,
        status: [InvoiceStatus]? = nil, updatedSince: Date? = nil, purchaseOrderNumber: String? = nil,
        paymentReference: String? = nil, invoiceDateAfter: CalendarDate? = nil,
        invoiceDateBefore: CalendarDate? = nil, customer: TypedReference? = nil
    ) {
        self.ids = ids
        self.term = term
        self.invoiceNumber = invoiceNumber
        self.departmentId = departmentId
        self.dealId = dealId
        self.projectId = projectId
        self.subscriptionId = subscriptionId
        self.status = status
        self.updatedSince = updatedSince
        self.purchaseOrderNumber = purchaseOrderNumber
        self.paymentReference = paymentReference
        self.invoiceDateAfter = invoiceDateAfter
        self.invoiceDateBefore = invoiceDateBefore
        self.customer = customer
    }
}

/// Every filter `creditNotes.list` documents.
public struct CreditNoteFilter: Codable, Sendable, Hashable {
    public var ids: [String]?
    public var departmentId: String?
    public var updatedSince: Date?
    public var invoiceId: String?
    public var projectId: String?
    public var customer: TypedReference?
    /// Inclusive.
    public var creditNoteDateAfter: CalendarDate?
    /// Exclusive (unlike the invoice filter).
    public var creditNoteDateBefore: CalendarDate?

    public init(
        ids: [String]? = nil, departmentId: String? = nil, updatedSince: Date? = nil, invoiceId: String? = nil,
        projectId: String? = nil, customer: TypedReference? = nil, creditNoteDateAfter: CalendarDate? = nil,
        creditNoteDateBefore: CalendarDate? = nil
    ) {
        self.ids = ids
        self.departmentId = departmentId
        self.updatedSince = updatedSince
        self.invoiceId = invoiceId
        self.projectId = projectId
        self.customer = customer
        self.creditNoteDateAfter = creditNoteDateAfter
        self.creditNoteDateBefore = creditNoteDateBefore
    }
}

/// Filters of `departments.list`.
public struct DepartmentFilter: Codable, Sendable, Hashable {
    public var ids: [String]?
    /// `active`, `archived`.
    public var status: [String]?

    public init(ids: [String]? = nil, status: [String]? = nil) {
        self.ids = ids
        self.status = status
    }
}

/// Filters of `products.list`.
public struct ProductFilter: Codable, Sendable, Hashable {
    public var ids: [String]?
    public var term: String?
    public var updatedSince: Date?

    public init(ids: [String]? = nil, term: String? = nil, updatedSince: Date? = nil) {
        self.ids = ids
        self.term = term
        self.updatedSince = updatedSince
    }
}

/// A file format `invoices.download` and `creditNotes.download` serve.
public struct DocumentFormat: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let pdf = DocumentFormat(rawValue: "pdf")
    public static let ublEfff = DocumentFormat(rawValue: "ubl/e-fff")
    public static let ublPeppolBis3 = DocumentFormat(rawValue: "ubl/peppol_bis_3")
    public static let ublXRechnung = DocumentFormat(rawValue: "ubl/xrechnung")
    /// Every format both invoices and credit notes can be downloaded in (specification 1.170 and later).
    public static let all: [DocumentFormat] = [.pdf, .ublEfff, .ublPeppolBis3, .ublXRechnung]

    /// Whether it is a structured (UBL) format, which Teamleader may refuse for a document it cannot
    /// validate.
    public var isStructured: Bool { self != .pdf }

    /// The file extension a downloaded document gets.
    public var fileExtension: String { self == .pdf ? "pdf" : "xml" }
    public var description: String { rawValue }
}
