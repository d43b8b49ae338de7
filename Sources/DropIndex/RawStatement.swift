import Foundation
import GRDB
import GRDBSQLite

/// A statement GRDB prepared and caches, driven through SQLite's own API: binding, stepping and reading
/// columns by position without GRDB's per-call layers. Used only where a measurement asked for it:
/// applying an inbox file inserts and looks up a hundred thousand rows, and GRDB's execute costs more
/// than SQLite's work there. The statement stays GRDB's (never finalised here).
struct RawStatement {
    private let raw: OpaquePointer
    private let connection: OpaquePointer

    init(_ statement: Statement, in db: Database) {
        raw = statement.sqliteStatement
        connection = db.sqliteConnection!
    }

    /// Clears the last run and its bindings.
    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    /// Binds text (copied by SQLite) or NULL at a 1-based position.
    func bind(_ text: String?, at index: Int32) {
        guard var text else {
            sqlite3_bind_null(raw, index)
            return
        }
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                _ = sqlite3_bind_text(raw, index, "", 0, Self.transient)
                return
            }
            _ = UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(raw, index, $0, Int32(bytes.count), Self.transient)
            }
        }
    }

    func bind(_ value: Int64?, at index: Int32) {
        guard let value else {
            sqlite3_bind_null(raw, index)
            return
        }
        sqlite3_bind_int64(raw, index, value)
    }

    /// Runs one step: true when it produced a row.
    func step() throws -> Bool {
        switch sqlite3_step(raw) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
    }

    /// A text column of the current row (0-based), nil for NULL.
    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(raw, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(raw, column))), as: UTF8.self)
    }

    func int(_ column: Int32) -> Int64? {
        sqlite3_column_type(raw, column) == SQLITE_NULL ? nil : sqlite3_column_int64(raw, column)
    }

    /// Binds many texts without SQLite copying each: their bytes are gathered in `arena`, bound where
    /// they lie, and `body` runs (steps) while they stay there.
    func run<T>(binding arena: TextArena, _ body: () throws -> T) rethrows -> T {
        // The bindings point into the arena: cleared before it goes.
        defer { sqlite3_clear_bindings(raw) }
        return try arena.bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
            for span in arena.spans {
                if span.count < 0 {
                    sqlite3_bind_null(raw, span.index)
                } else {
                    sqlite3_bind_text(raw, span.index, base + span.offset, Int32(span.count), nil)
                }
            }
            return try body()
        }
    }

    /// SQLite copies the bound bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// Texts to bind at once (`RawStatement.run(binding:)`): one buffer instead of a copy a value.
struct TextArena {
    private(set) var bytes: [UInt8] = []
    private(set) var spans: [(index: Int32, offset: Int, count: Int)] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The text (or NULL) for parameter `index`.
    mutating func add(_ text: String?, at index: Int32) {
        guard let text else { return spans.append((index, 0, -1)) }
        spans.append((index, bytes.count, text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }
}
