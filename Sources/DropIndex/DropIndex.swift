import DropValues
package import Foundation
import GRDB

/// The SQLite index: what travelled, where it lies, what happened to it.
///
/// WAL with `synchronous = FULL` (GRDB defaults WAL to NORMAL, which may roll a commit back after a
/// power loss; an index that forgets a published invoice would publish it twice). A database written by
/// a newer tldrop is refused untouched.
package struct DropIndex: Sendable {
    let pool: DatabasePool
    package let path: String

    /// Opens (creating when needed) and migrates the index at `path`.
    /// - Parameter now: the clock of the moments the index records (`db.transactionDate`); tests move it.
    /// - Throws: `IndexError`.
    package init(path: String, now: @escaping @Sendable () -> Date = { SystemClock.now() }) throws {
        self.path = path
        var configuration = Configuration()
        configuration.transactionClock = .custom { _ in now() }
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "tldrop.index"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.map(error, path: path)
        }
        // Not in `prepareDatabase`: a pool's writer is switched to WAL after it is prepared, and GRDB
        // sets NORMAL then (`setUpWALMode`). Readers never write, so the writer's level is the one that counts.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            let level = try Int.fetchOne(db, sql: "PRAGMA synchronous")
            guard level == 2 else {
                throw IndexError.durability(path: path, detail: "synchronous reads back \(level ?? -1), not FULL (2)")
            }
        }
        let migrator = Schema.migrator
        do {
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) { throw IndexError.newerSchema(path: path) }
            try migrator.migrate(pool)
        } catch let error as IndexError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// The `PRAGMA synchronous` level of the writer connection (2 = FULL).
    package func synchronousLevel() throws -> Int {
        try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// `PRAGMA quick_check`: "ok", or the first problems SQLite found (for `doctor`).
    package func quickCheck() async throws -> [String] {
        do {
            return try await pool.read { try String.fetchAll($0, sql: "PRAGMA quick_check(5)") }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// A consistent copy of the whole index in a new file at `path` (`VACUUM INTO`), taken while others
    /// keep reading and writing.
    package func copy(to path: String) async throws {
        do {
            try await pool.writeWithoutTransaction { try $0.execute(sql: "VACUUM INTO ?", arguments: [path]) }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Turns GRDB's errors into ones an admin can act on.
    static func map(_ error: any Error, path: String) -> any Error {
        if let error = error as? RowDecodingError { return IndexError.unreadableValue(path: path, detail: "\(error)") }
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return IndexError.busy(path: path)
        case .SQLITE_FULL: return IndexError.unavailable(path: path, detail: "the disk is full")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR, .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return IndexError.unavailable(path: path, detail: error.message ?? "\(error.resultCode)")
        default: return error
        }
    }

    func write<T: Sendable>(_ updates: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await pool.write(updates) } catch { throw Self.map(error, path: path) }
    }

    func read<T: Sendable>(_ value: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await pool.read(value) } catch { throw Self.map(error, path: path) }
    }
}
