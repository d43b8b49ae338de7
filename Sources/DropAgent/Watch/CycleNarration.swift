import Foundation
package import Wording

/// What `watch` says of a cycle on standard error (the service's journal): one line per thing that
/// happened, in the configured language; nothing at all for a cycle that did nothing.
package enum CycleNarration {
    /// - Parameter linkBefore: the link's state after the cycle before: a broken link is said when it
    ///   breaks, not on every poll while it stays broken.
    package static func lines(_ outcome: RunOutcome, linkBefore: LinkHealth.State?, wording w: Wording) -> [String] {
        var lines: [String] = []
        func numbers(_ list: [String]) -> String { list.prefix(10).joined(separator: ", ") + (list.count > 10 ? ", …" : "") }
        if let corrections = outcome.corrections {
            for path in corrections.deleted { lines.append(w(.sayDeletedByHand, path)) }
            for number in corrections.reimported { lines.append(w(.sayReimported, number)) }
            for number in corrections.unchanged { lines.append(w(.sayReimportedUnchanged, number)) }
            for failure in corrections.failedMarkers { lines.append(w(.sayMarkerFailed, failure)) }
        }
        for company in outcome.mirror?.companies ?? [] {
            if company.mirrored > 0 {
                lines.append(w(.sayMirrored, company.company, company.mirrored, numbers(company.mirroredNumbers)))
            }
            if !company.changed.isEmpty { lines.append(w(.sayChanged, company.company, numbers(company.changed))) }
            if !company.deletedInTeamleader.isEmpty {
                lines.append(w(.sayDeletedInTeamleader, company.company, numbers(company.deletedInTeamleader)))
            }
            if !company.conflicts.isEmpty { lines.append(w(.sayConflicts, company.company, numbers(company.conflicts))) }
            if let error = company.error { lines.append(w(.located, company.company, error)) }
        }
        for file in outcome.inbox?.files ?? [] {
            let place = "Inbox/" + (file.company.map { "\($0)/" } ?? "") + file.name
            switch file.result {
            case .rejected: lines.append(w(.sayRejected, place, file.reason ?? ""))
            case .duplicate: lines.append(w(.sayDuplicate, place))
            case .processed:
                let counts = LineOutcome.Kind.allCases.compactMap { kind in file.count(kind) == 0 ? nil : "\(file.count(kind)) \(kind.summary(w))" }
                lines.append(w(.located, place, counts.joined(separator: ", ")))
            }
        }
        if let push = outcome.push {
            if !push.registered.isEmpty { lines.append(w(.sayRegistered, push.registered.count)) }
            if !push.alreadyPaid.isEmpty { lines.append(w(.sayAlreadyPaid, push.alreadyPaid.count)) }
            if !push.held.isEmpty { lines.append(w(.sayHeld, push.held.count)) }
            for failure in push.failed { lines.append(w(.sayRefused, failure)) }
        }
        for archive in outcome.archive?.archives ?? [] { lines.append(w(.sayArchived, archive)) }
        let link = outcome.link.state
        if link != .up, link != .unknown, link != linkBefore {
            lines.append(
                LinkHealth.headline(link, detail: outcome.link.detail, wording: w) + (outcome.link.repair.map { "; " + w(.toRepair, $0) } ?? ""))
        } else if link == .up, let before = linkBefore, before != .up, before != .unknown {
            lines.append(w(.sayLinkBack))
        }
        for error in outcome.errors where LinkHealth.from(error.error) == nil { lines.append(w(.located, error.stage, error.message)) }
        return lines
    }
}
