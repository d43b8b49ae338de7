import DropIndex
package import Wording

extension EventKind {
    /// What happened, in words: `log` and the status page's timeline say it in the configured language.
    package var phrase: Phrase {
        switch self {
        case .mirrored: return .eventMirrored
        case .adopted: return .eventAdopted
        case .conflict: return .eventConflict
        case .changedInTeamleader: return .eventChangedInTeamleader
        case .deletedInTeamleader: return .eventDeletedInTeamleader
        case .deletedInOutbox: return .eventDeletedInOutbox
        case .reimported: return .eventReimported
        case .reimportUnchanged: return .eventReimportUnchanged
        case .reimportFailed: return .eventReimportFailed
        case .manualRevision: return .eventManualRevision
        case .archived: return .eventArchived
        case .restored: return .eventRestored
        case .paymentQueued: return .eventPaymentQueued
        case .paymentRegistered: return .eventPaymentRegistered
        case .paymentAlreadyRegistered: return .eventPaymentAlreadyRegistered
        case .paymentFailed: return .eventPaymentFailed
        case .paymentHeld: return .eventPaymentHeld
        case .formatRefused: return .eventFormatRefused
        case .formatReceived: return .eventFormatReceived
        case .reported: return .eventReported
        }
    }
}
