import DropValues
import Foundation

/// A failure the sandbox answers with Teamleader's documented error shape,
/// `{"errors":[{"title":…,"status":…}]}`.
struct APIFailure: Error {
    var status: Int
    var title: String

    static func badRequest(_ title: String) -> APIFailure { APIFailure(status: 400, title: title) }
}

/// Typed, path-aware access to a JSON request body: every wrong field is a 400 naming the field.
struct RequestFields {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String = "") {
        self.value = value
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func member(_ key: String) -> JSONValue? {
        guard let member = value[key], member != .null else { return nil }
        return member
    }

    func object(_ key: String) throws -> RequestFields? {
        guard let member = member(key) else { return nil }
        guard case .object = member else { throw APIFailure.badRequest("\(name(key)) must be an object") }
        return RequestFields(member, path: name(key))
    }

    func string(_ key: String) throws -> String? {
        guard let member = member(key) else { return nil }
        guard case .string(let text) = member else { throw APIFailure.badRequest("\(name(key)) must be a string") }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key), !text.isEmpty else {
            throw APIFailure.badRequest("\(name(key)) is required")
        }
        return text
    }

    func strings(_ key: String) throws -> [String]? {
        guard let member = member(key) else { return nil }
        guard case .array(let items) = member else { throw APIFailure.badRequest("\(name(key)) must be an array") }
        return try items.enumerated().map { index, item in
            guard case .string(let text) = item else {
                throw APIFailure.badRequest("\(name(key))[\(index)] must be a string")
            }
            return text
        }
    }

    func objects(_ key: String) throws -> [RequestFields]? {
        guard let member = member(key) else { return nil }
        guard case .array(let items) = member else { throw APIFailure.badRequest("\(name(key)) must be an array") }
        return try items.enumerated().map { index, item in
            guard case .object = item else { throw APIFailure.badRequest("\(name(key))[\(index)] must be an object") }
            return RequestFields(item, path: "\(name(key))[\(index)]")
        }
    }

    func decimal(_ key: String) throws -> Decimal? {
        guard let member = member(key) else { return nil }
        guard case .number(let value) = member else { throw APIFailure.badRequest("\(name(key)) must be a number") }
        return value
    }

    func int(_ key: String) throws -> Int? {
        guard let value = try decimal(key) else { return nil }
        guard value == value.rounded(0), let int = Int(exactly: NSDecimalNumber(decimal: value).int64Value) else {
            throw APIFailure.badRequest("\(name(key)) must be a whole number")
        }
        return int
    }

    func bool(_ key: String) throws -> Bool? {
        guard let member = member(key) else { return nil }
        guard case .bool(let value) = member else { throw APIFailure.badRequest("\(name(key)) must be true or false") }
        return value
    }

    func oneOf(_ key: String, _ allowed: [String]) throws -> String? {
        guard let text = try string(key) else { return nil }
        guard allowed.contains(text) else {
            throw APIFailure.badRequest("\(name(key)) must be one of \(allowed.joined(separator: ", "))")
        }
        return text
    }

    func date(_ key: String) throws -> CalendarDate? {
        guard let text = try string(key) else { return nil }
        guard let date = CalendarDate(text) else { throw APIFailure.badRequest("\(name(key)) must be a date (yyyy-mm-dd)") }
        return date
    }

    func moment(_ key: String) throws -> Date? {
        guard let text = try string(key) else { return nil }
        guard let date = SandboxTime.parse(text) else {
            throw APIFailure.badRequest("\(name(key)) must be an ISO 8601 date and time")
        }
        return date
    }
}

extension Decimal {
    func rounded(_ scale: Int) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, .plain)
        return result
    }
}
