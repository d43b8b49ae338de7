/// Caps for reading archives from outside: libarchive has none, and declared sizes lie, so these count
/// the bytes actually produced.
package struct ArchiveLimits: Sendable {
    /// Most entries an archive may hold.
    package var maximumEntries: Int
    /// Most bytes one entry may inflate to.
    package var maximumEntryBytes: Int
    /// Most bytes all entries together may inflate to.
    package var maximumTotalBytes: Int
    /// Most inflated bytes per compressed byte, over the whole archive (small archives are exempt).
    package var maximumRatio: Int

    package init(
        maximumEntries: Int = 1_000, maximumEntryBytes: Int = 64 << 20, maximumTotalBytes: Int = 256 << 20,
        maximumRatio: Int = 200
    ) {
        self.maximumEntries = maximumEntries
        self.maximumEntryBytes = maximumEntryBytes
        self.maximumTotalBytes = maximumTotalBytes
        self.maximumRatio = maximumRatio
    }

    /// For archives tldrop wrote itself (verification): generous, but still bounded.
    package static let trusted = ArchiveLimits(
        maximumEntries: 1_000_000, maximumEntryBytes: 1 << 30, maximumTotalBytes: Int.max, maximumRatio: Int.max)
}
