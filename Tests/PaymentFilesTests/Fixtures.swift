import Foundation
import Testing

enum Fixture {
    static func data(_ name: String) throws -> Data {
        let base = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures")
        return try Data(contentsOf: base.appendingPathComponent(name))
    }
}

extension Decimal {
    init(_ text: String) { self = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }
}
