/// The archive kinds tldrop writes and reads.
package enum ArchiveFormat: String, Sendable, CaseIterable {
    case zip
    case tarGzip = "tar.gz"
    case tarZstd = "tar.zst"

    /// The file extension, without the dot.
    package var fileExtension: String { rawValue }

    /// The format an archive's name says it is.
    package init?(fileName: String) {
        guard let format = Self.allCases.first(where: { fileName.hasSuffix("." + $0.rawValue) }) else { return nil }
        self = format
    }

    /// The reader setting that reads this format.
    package var readerFormat: ArchiveReader.Format {
        switch self {
        case .zip: return .zip
        case .tarGzip: return .tarGzip
        case .tarZstd: return .tarZstd
        }
    }
}
