package import DropValues
package import Foundation

/// A page request. Teamleader's default is 20; tldrop always asks for 100, the documented maximum.
package struct Page: Codable, Sendable, Hashable {
    package var size: Int
    package var number: Int

    package init(size: Int = Page.maximumSize, number: Int = 1) {
        self.size = size
        self.number = number
    }

    package static let maximumSize = 100
}

/// One sort key. Teamleader's documentation disagrees with itself about the default order, so every
/// listing sends one explicitly.
package struct SortOrder: Codable, Sendable, Hashable {
    package var field: String
    /// `asc` or `desc`.
    package var order: String

    package init(field: String, order: String = "asc") {
        self.field = field
        self.order = order
    }

    package static let invoiceDateAscending = SortOrder(field: "invoice_date", order: "asc")
    package static let invoiceNumberAscending = SortOrder(field: "invoice_number", order: "asc")
}

/// Every filter `invoices.list` documents. All are optional and combine with AND.
package struct InvoiceFilter: Codable, Sendable, Hashable {
    package var ids: [String]?
    /// Matches invoice number, PO number, payment reference and invoicee.
    package var term: String?
    /// The full number, `"2017 / 5"`.
    package var invoiceNumber: String?
    package var departmentId: String?
    package var dealId: String?
    package var projectId: String?
    package var subscriptionId: String?
    package var status: [InvoiceStatus]?
    package var updatedSince: Date?
    package var purchaseOrderNumber: String?
    package var paymentReference: String?
    /// Inclusive.
    package var invoiceDateAfter: CalendarDate?
    /// Inclusive.
    package var invoiceDateBefore: CalendarDate?
    package var customer: TypedReference?

    package init(
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
package struct CreditNoteFilter: Codable, Sendable, Hashable {
    package var ids: [String]?
    package var departmentId: String?
    package var updatedSince: Date?
    package var invoiceId: String?
    package var projectId: String?
    package var customer: TypedReference?
    /// Inclusive.
    package var creditNoteDateAfter: CalendarDate?
    /// Exclusive (unlike the invoice filter).
    package var creditNoteDateBefore: CalendarDate?

    package init(
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
package struct DepartmentFilter: Codable, Sendable, Hashable {
    package var ids: [String]?
    /// `active`, `archived`.
    package var status: [String]?

    package init(ids: [String]? = nil, status: [String]? = nil) {
        self.ids = ids
        self.status = status
    }
}

/// Filters of `products.list`.
package struct ProductFilter: Codable, Sendable, Hashable {
    package var ids: [String]?
    package var term: String?
    package var updatedSince: Date?

    package init(ids: [String]? = nil, term: String? = nil, updatedSince: Date? = nil) {
        self.ids = ids
        self.term = term
        self.updatedSince = updatedSince
    }
}
