/// This build's version: `tldrop --version`, and the `User-Agent: tldrop/<version>` every request to
/// Teamleader carries.
public enum TldropVersion {
    public static let current = "0.4.0"

    public static var userAgent: String { "tldrop/\(current)" }
}
