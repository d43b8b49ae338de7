import ArgumentParser
import DropValues

// Months and days parsed once, by ArgumentParser, with its own "invalid value" error naming the option.

extension Month: ExpressibleByArgument {
    /// `2026-11`.
    package init?(argument: String) { self.init(argument) }
}

extension CalendarDate: ExpressibleByArgument {
    /// `2026-11-28`.
    package init?(argument: String) { self.init(argument) }
}

/// How a command prints what it found: for people, as JSON, or as CSV rows.
enum OutputFormat: String, EnumerableFlag {
    case text, json, csv

    static func help(for value: OutputFormat) -> ArgumentHelp? {
        switch value {
        case .text: return "Print it for people (the default)."
        case .json: return "Print it as JSON."
        case .csv: return "Print one CSV row per document (with ';' and decimal commas in Dutch and French)."
        }
    }
}
