package import Foundation

/// A department: one of the account's companies (`departments.list`).
package struct Department: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    package var name: String
    package var vatNumber: String?
    package var currency: String?
    package var emails: [Email]?
    /// `active` or `archived`.
    package var status: String?

    package struct Email: Codable, Sendable, Hashable {
        package var type: String
        package var email: String
    }
}

/// The connected user (`users.me`).
package struct User: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    package var account: TypedReference
    package var firstName: String?
    package var lastName: String?
    package var email: String?
    package var language: String?
    package var timeZone: String?
}

/// A customer company (`companies.info`).
package struct Company: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    package var name: String
    package var status: String?
    package var vatNumber: String?
    package var emails: [Department.Email]?
    package var language: String?
    package var iban: String?
    package var addedAt: Date?
    package var updatedAt: Date?
    package var webUrl: String?
}

/// A customer person (`contacts.info`).
package struct Contact: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    package var firstName: String?
    package var lastName: String
    package var status: String?
    package var emails: [Department.Email]?
    package var language: String?
    package var addedAt: Date?
    package var updatedAt: Date?
    package var webUrl: String?
}

/// A product (`products.list`).
package struct Product: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    package var name: String?
    package var code: String?
    package var description: String?
    package var sellingPrice: Money?
    package var addedAt: Date?
    package var updatedAt: Date?
}

/// The temporary link `invoices.download` and `creditNotes.download` answer with.
package struct DownloadLink: Codable, Sendable, Hashable {
    package var location: String
    package var expires: Date?
}
