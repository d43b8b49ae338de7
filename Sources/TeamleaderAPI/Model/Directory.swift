import Foundation

/// A department: one of the account's companies (`departments.list`).
public struct Department: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var vatNumber: String?
    public var currency: String?
    public var emails: [Email]?
    /// `active` or `archived`.
    public var status: String?

    public struct Email: Codable, Sendable, Hashable {
        public var type: String
        public var email: String
    }
}

/// The connected user (`users.me`).
public struct User: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var account: TypedReference
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var language: String?
    public var timeZone: String?
}

/// A customer company (`companies.info`).
public struct Company: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var status: String?
    public var vatNumber: String?
    public var emails: [Department.Email]?
    public var language: String?
    public var iban: String?
    public var addedAt: Date?
    public var updatedAt: Date?
    public var webUrl: String?
}

/// A customer person (`contacts.info`).
public struct Contact: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var firstName: String?
    public var lastName: String
    public var status: String?
    public var emails: [Department.Email]?
    public var language: String?
    public var addedAt: Date?
    public var updatedAt: Date?
    public var webUrl: String?
}

/// A product (`products.list`).
public struct Product: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String?
    public var code: String?
    public var description: String?
    public var sellingPrice: Money?
    public var addedAt: Date?
    public var updatedAt: Date?
}

/// The temporary link `invoices.download` and `creditNotes.download` answer with.
public struct DownloadLink: Codable, Sendable, Hashable {
    public var location: String
    public var expires: Date?
}
