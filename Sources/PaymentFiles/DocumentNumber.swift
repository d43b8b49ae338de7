import Foundation

/// Document numbers as people write them: Teamleader prints `2026 / 42`; exports say `2026/42`,
/// `2026-42` or just `42`.
public enum DocumentNumber {
    /// The normalised key of a full number: `2026 / 42`, `2026/42`, `2026-42` and `2026 - 042` all give
    /// `2026/42`. Text that is not a year and a sequence is kept, trimmed and upper-cased.
    public static func key(_ text: some StringProtocol) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let (year, sequence) = parse(trimmed) { return "\(year)/\(sequence)" }
        return trimmed.uppercased()
    }

    /// Year and sequence of a full number, or nil.
    public static func parse(_ text: some StringProtocol) -> (year: Int, sequence: Int)? {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." || $0 == "_" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), (1900...2999).contains(year),
            !parts[1].isEmpty, parts[1].count <= 9, parts[1].allSatisfy({ ("0"..."9").contains($0) }),
            let sequence = Int(parts[1])
        else { return nil }
        return (year, sequence)
    }
}
