package import DropIndex
import DropValues
package import Foundation

/// How current a company's outbox is: when Teamleader was last asked for its changes, and how long the
/// last new document took from its `updated_at` in Teamleader to its files in the outbox.
package struct CompanyFreshness: Codable, Sendable, Equatable {
    /// The last new document: its number, Teamleader's `updated_at`, and when its files were in place.
    package struct Arrival: Codable, Sendable, Equatable {
        package var number: String
        package var updatedAt: Date
        package var inOutboxAt: Date
        package var seconds: Double { inOutboxAt.timeIntervalSince(updatedAt) }

        package init(number: String, updatedAt: Date, inOutboxAt: Date) {
            self.number = number
            self.updatedAt = updatedAt
            self.inOutboxAt = inOutboxAt
        }
    }

    package var polledAt: Date?
    package var lastArrival: Arrival?

    package init(polledAt: Date? = nil, lastArrival: Arrival? = nil) {
        self.polledAt = polledAt
        self.lastArrival = lastArrival
    }

    static func key(_ company: String) -> String { "freshness.\(company)" }

    /// What the index holds for `company` (nothing yet: both unknown).
    package static func load(_ company: String, from index: DropIndex) async throws -> CompanyFreshness {
        guard let text = try await index.state(key(company)), let data = text.data(using: .utf8) else { return CompanyFreshness() }
        return (try? JSONDecoder.tldrop.decode(CompanyFreshness.self, from: data)) ?? CompanyFreshness()
    }

    /// Records a mirror pass over the companies of `report`, ended at `now`.
    static func record(_ report: MirrorReport, at now: Date, in index: DropIndex) async throws {
        var values: [String: String] = [:]
        for company in report.companies where company.error == nil {
            var freshness = try await load(company.company, from: index)
            // A live arrival: changed in Teamleader since the last look (less the listing's overlap, for
            // clocks that differ), and the latest such. A first mirror's backlog is no measure of latency.
            if let arrival = company.lastArrival, let last = freshness.polledAt, arrival.updatedAt > last.addingTimeInterval(-600),
                arrival.updatedAt >= freshness.lastArrival?.updatedAt ?? .distantPast
            {
                freshness.lastArrival = arrival
            }
            freshness.polledAt = now
            values[key(company.company)] = String(decoding: try JSONEncoder.indexed.encode(freshness), as: UTF8.self)
        }
        if !values.isEmpty { try await index.setState(values) }
    }
}
