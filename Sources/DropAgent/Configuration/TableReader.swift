import DropValues
import Foundation
import TOMLKit
import TeamleaderAPI

/// Typed reads from a TOML table; a value of the wrong type is a `ConfigurationError` naming the key.
struct TableReader {
    let table: TOMLTable
    let file: String
    let prefix: String

    private func name(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    func string(_ key: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw ConfigurationError.key(name(key), in: file, expected: "text in quotes") }
        return text
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else { throw ConfigurationError.key(name(key), in: file, expected: "true or false") }
        return flag
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int, range.contains(number) else {
            throw ConfigurationError.key(name(key), in: file, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func strings(_ key: String) throws -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw ConfigurationError.key(name(key), in: file, expected: "a list of texts") }
        return try array.map { item in
            guard let text = item.string else { throw ConfigurationError.key(name(key), in: file, expected: "a list of texts") }
            return text
        }
    }

    /// A date written `"2026-11-01"` or as a bare TOML date.
    func date(_ key: String) throws -> CalendarDate? {
        guard let value = table[key] else { return nil }
        if let text = value.string, let date = CalendarDate(text) { return date }
        if let date = value.date, let day = CalendarDate(year: date.year, month: date.month, day: date.day) { return day }
        throw ConfigurationError.key(name(key), in: file, expected: "a date like \"2026-11-01\"")
    }

    func url(_ key: String) throws -> URL? {
        guard let text = try string(key) else { return nil }
        do { return try ConfigurationLoader.httpURL(text, what: "\(file): '\(name(key))'") }
    }

    func table(_ key: String) throws -> TableReader? {
        guard let value = table[key] else { return nil }
        guard let nested = value.table else { throw ConfigurationError.key(name(key), in: file, expected: "a table [\(name(key))]") }
        return TableReader(table: nested, file: file, prefix: name(key))
    }

    /// `[[key]]`: an array of tables.
    func tables(_ key: String) throws -> [TableReader] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw ConfigurationError.key(name(key), in: file, expected: "tables written [[\(key)]]") }
        return try array.map { item in
            guard let nested = item.table else { throw ConfigurationError.key(name(key), in: file, expected: "tables written [[\(key)]]") }
            return TableReader(table: nested, file: file, prefix: name(key))
        }
    }
}
