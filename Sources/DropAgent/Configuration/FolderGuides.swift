import DropFiles
import Foundation
package import Wording

/// `Inbox/README.md` and `Outbox/README.md`: what goes where, for the accountant and the admin who open
/// the folders, in the configured language. Written when a root is made, never over a file that is there
/// (one the admin changed stays as it is).
package enum FolderGuides {
    /// - Returns: the guides written (those already there are left alone).
    @discardableResult
    package static func write(layout: RootLayout, wording w: Wording) throws -> [String] {
        var written: [String] = []
        for (folder, phrase) in [(layout.inbox, Phrase.readmeInbox), (layout.outbox, .readmeOutbox)] {
            try DurableFile.makeDirectory(folder)
            if case .published = try DurableFile.publish(Data(w(phrase).utf8), in: folder, name: "README.md") {
                written.append(layout.relative(folder.appendingPathComponent("README.md")))
            }
        }
        return written
    }
}
