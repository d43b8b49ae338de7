import DropIndex
import DropTestSupport
import DropValues
import Foundation
import GRDB

/// A day written as a test states it; a mistyped one stops the test at once.
func day(_ text: String) -> CalendarDate {
    guard let day = CalendarDate(text) else { preconditionFailure("not a yyyy-mm-dd day: \(text)") }
    return day
}

/// An amount written as a test states it, exactly (a float literal would not be).
func amount(_ text: String) -> Decimal {
    guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { preconditionFailure("not an amount: \(text)") }
    return value
}

/// Runs statements on the index file through a second connection of its own (GRDB's `DatabaseQueue`,
/// not the index's pool), as another program would; returns the rows, one per line, as
/// `('text', 12, None)`.
func sqliteOnItsOwnConnection(_ statements: [String], _ path: String) throws -> String {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.write { db in
        var printed = ""
        for statement in statements {
            for row in try Row.fetchAll(db, sql: statement) {
                let values = row.databaseValues.map { value -> String in
                    switch value.storage {
                    case .null: return "None"
                    case .int64(let number): return "\(number)"
                    case .double(let number): return "\(number)"
                    case .string(let text): return "'\(text)'"
                    case .blob(let data): return "<\(data.count) bytes>"
                    }
                }
                printed += "(" + values.joined(separator: ", ") + (values.count == 1 ? "," : "") + ")\n"
            }
        }
        return printed
    }
}
