import Foundation

extension KeyedDecodingContainer {
    /// A field tldrop can do without: nil when it is missing, null, or not of the expected shape, so
    /// that one odd value Teamleader is free to send never makes a whole record unreadable.
    func lenient<T: Decodable>(_ type: T.Type, forKey key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}

/// A record of a listing that could not be read: named by its id (when even that was readable) and
/// why, so the caller can skip it, report it and ask for it again later.
package struct UnreadableRecord: Sendable, Hashable, CustomStringConvertible {
    package var id: String?
    package var reason: String

    package init(id: String?, reason: String) {
        self.id = id
        self.reason = reason
    }

    package var description: String { "\(id ?? "a record without a readable id"): \(reason)" }
}

/// One item of a listing, decoded on its own: the others never depend on it.
struct Listed<Item: Decodable & Sendable>: Decodable, Sendable {
    var result: Result<Item, UnreadableError>

    struct UnreadableError: Error, Sendable {
        var record: UnreadableRecord
    }

    private struct Identity: Decodable {
        var id: String?
    }

    init(from decoder: any Decoder) throws {
        do {
            result = .success(try Item(from: decoder))
        } catch {
            let id = (try? Identity(from: decoder))?.id
            result = .failure(UnreadableError(record: UnreadableRecord(id: id, reason: TeamleaderJSON.describe(error))))
        }
    }
}

/// A page of a listing: the records read, and those that could not be.
package struct ListPage<Item: Sendable>: Sendable {
    package var items: [Item]
    package var unreadable: [UnreadableRecord]

    package init(items: [Item], unreadable: [UnreadableRecord] = []) {
        self.items = items
        self.unreadable = unreadable
    }

    /// Rows the server sent, readable or not: what tells a full page from the last one.
    package var count: Int { items.count + unreadable.count }
}
