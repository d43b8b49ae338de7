import Foundation

/// The pages of a Teamleader listing, fetched one after another until a page shorter than the page
/// size: Teamleader gives no total count, so a short page is the only end signal.
///
/// A server that ignores paging would send the same page forever; a page whose ids equal the previous
/// one's ends the listing with an error instead of looping. Offset paging is only as stable as the
/// listing's order: callers sort on a unique key, or cut the listing into windows that fit one page.
package struct Pages<Item: Identifiable & Sendable>: AsyncSequence, Sendable where Item.ID == String {
    package typealias Element = ListPage<Item>
    let fetch: @Sendable (Int) async throws -> ListPage<Item>
    let pageSize: Int

    init(pageSize: Int = Page.maximumSize, fetch: @escaping @Sendable (Int) async throws -> ListPage<Item>) {
        self.pageSize = pageSize
        self.fetch = fetch
    }

    package func makeAsyncIterator() -> Iterator {
        Iterator(fetch: fetch, pageSize: pageSize)
    }

    /// Every readable item of every page, in order.
    package func all() async throws -> [Item] {
        var items: [Item] = []
        for try await page in self { items += page.items }
        return items
    }

    package struct Iterator: AsyncIteratorProtocol {
        let fetch: @Sendable (Int) async throws -> ListPage<Item>
        let pageSize: Int
        var number = 0
        var finished = false
        var previousIDs: [String?] = []

        package mutating func next() async throws -> ListPage<Item>? {
            guard !finished else { return nil }
            number += 1
            let page = try await fetch(number)
            let ids = page.items.map(\.id as (Item) -> String?) + page.unreadable.map(\.id)
            if !ids.isEmpty, ids == previousIDs {
                finished = true
                throw TeamleaderError.malformedResponse(
                    endpoint: "paging", detail: "page \(number) repeats page \(number - 1); the server ignores paging")
            }
            previousIDs = ids
            if page.count < pageSize { finished = true }
            return page.count == 0 ? nil : page
        }
    }
}
