/// This build's version: `tldrop --version`, and the `User-Agent: tldrop/<version>` every request to
/// Teamleader carries.
package enum TldropVersion {
    package static let current = "0.4.0"

    package static var userAgent: String { "tldrop/\(current)" }
}
