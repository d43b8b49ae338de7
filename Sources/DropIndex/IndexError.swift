import Foundation

/// What can go wrong with the index, worded for the admin.
package enum IndexError: Error, Sendable, CustomStringConvertible {
    /// The file was written by a newer tldrop; this one refuses to touch it.
    case newerSchema(path: String)
    /// SQLite would not run in the durability mode tldrop needs.
    case durability(path: String, detail: String)
    /// Another process keeps the database locked.
    case busy(path: String)
    /// The database file cannot be opened or written.
    case unavailable(path: String, detail: String)
    /// A stored value no longer reads as what its column holds (a day, an amount, a state): the file was
    /// changed by something other than tldrop.
    case unreadableValue(path: String, detail: String)
    /// What a transaction expected was no longer so (another process changed the index meanwhile).
    case conflict(detail: String)

    package var description: String {
        switch self {
        case .newerSchema(let path):
            return "the index '\(path)' was written by a newer tldrop; upgrade tldrop (this version leaves it untouched)"
        case .durability(let path, let detail):
            return "the index '\(path)' cannot be made durable: \(detail)"
        case .busy(let path):
            return "the index '\(path)' is locked by another process; try again later"
        case .unavailable(let path, let detail):
            return "the index '\(path)' cannot be used: \(detail)"
        case .unreadableValue(let path, let detail):
            return
                "the index '\(path)' holds a value tldrop cannot read (\(detail)); it was changed outside tldrop: "
                + "set the value back or restore the index from a backup"
        case .conflict(let detail):
            return "the index changed while this run used it (\(detail)); nothing was applied, run again"
        }
    }
}
