import DropIndex
import DropTestSupport
import DropValues
import Foundation

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

/// Runs statements on the index file with Python's own `sqlite3`, another program than tldrop; returns
/// the rows printed.
func sqliteInPython(_ statements: [String], _ path: String) async throws -> String {
    let script = """
        import sqlite3, sys
        c = sqlite3.connect(sys.argv[1])
        for s in sys.argv[2:]:
            for row in c.execute(s): print(row)
        c.commit()
        """
    let result = try await ProcessRunner.run(
        URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, path] + statements, environment: ProcessInfo.processInfo.environment)
    guard result.status == 0 else { throw SQLiteInPythonFailed(message: result.errorOutput) }
    return result.output
}

struct SQLiteInPythonFailed: Error { var message: String }
