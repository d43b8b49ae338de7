import TeamleaderAPI
@_exported import Wording

// Everything that imports DropAgent speaks its languages too.

extension Language {
    /// A day: `2026-11-28` in English, `28/11/2026` in Dutch and French.
    package func date(_ day: CalendarDate) -> String { date(year: day.year, month: day.month, day: day.day) }
}

extension Wording {
    package func date(_ day: CalendarDate) -> String { language.date(day) }
}
