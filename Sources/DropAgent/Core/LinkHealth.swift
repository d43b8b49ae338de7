import DropIndex
import DropValues
package import Foundation
import TeamleaderAPI
package import Wording

/// The Teamleader link's health, remembered in the index so that `status`, STATUS.md and the status
/// page say the same thing as the last run.
package struct LinkHealth: Codable, Sendable, Equatable {
    package enum State: String, Codable, Sendable {
        case up
        case broken
        case notConnected = "not connected"
        case unreachable
        /// Teamleader refuses the client id and secret themselves (`invalid_client`): the tokens are
        /// fine, the configuration is not.
        case misconfigured
        case unknown
    }

    package var state: State
    package var detail: String?
    package var checkedAt: Date?

    package init(state: State, detail: String? = nil, checkedAt: Date? = SystemClock.now()) {
        self.state = state
        self.detail = detail
        self.checkedAt = checkedAt
    }

    /// The one command that repairs a broken link.
    package var repair: String? {
        switch state {
        case .broken, .notConnected: return "tldrop connect"
        case .unreachable, .up, .unknown, .misconfigured: return nil
        }
    }

    /// A sentence that goes with the repair (or stands instead of it).
    package var advice: String? { Self.advice(state, wording: .english) }

    /// Whether a person must act (`tldrop connect`): the link is broken or was never made.
    package var needsReconnect: Bool { state == .broken || state == .notConnected }

    /// The advice for a state, in a language.
    package static func advice(_ state: State, wording w: Wording) -> String? {
        switch state {
        case .broken, .notConnected: return w(.adviceNoBrowser)
        case .unreachable: return w(.adviceUnreachable)
        case .misconfigured: return w(.adviceMisconfigured)
        case .up, .unknown: return nil
        }
    }

    /// The repair and its advice in one line.
    package var remedy: String? {
        let parts = [repair, advice].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// One line for people: "Up & Running", or what is wrong and how to repair it.
    package var headline: String { Self.headline(state, detail: detail, wording: .english) }

    /// The headline for a state, in a language (the detail is Teamleader's or the system's words).
    package static func headline(_ state: State, detail: String?, wording w: Wording) -> String {
        headlineWords(state, detail: detail).text(w)
    }

    package static func headlineWords(_ state: State, detail: String?) -> Words {
        switch state {
        case .up: return Words(.linkUp)
        case .broken: return Words(.linkBroken, detail.map(Words.verbatim) ?? Words(.linkBrokenDefault))
        case .notConnected: return Words(.linkNotConnected)
        case .unreachable: return Words(.linkUnreachable, detail.map(Words.verbatim) ?? Words(.linkNoAnswer))
        case .misconfigured: return Words(.linkMisconfigured)
        case .unknown: return Words(.linkUnknown)
        }
    }

    /// What an error says about the link, or nil when it says nothing.
    package static func from(_ error: any Error) -> LinkHealth? {
        if let error = error as? TeamleaderError {
            if case .notConnected = error { return LinkHealth(state: .notConnected, detail: "no credentials stored") }
            if case .linkBroken(let reason) = error { return LinkHealth(state: .broken, detail: reason) }
            if error.isLinkBroken { return LinkHealth(state: .broken, detail: "\(error)") }
            if case .invalidClient = error { return LinkHealth(state: .misconfigured, detail: "\(error)") }
            if error.isTransient { return LinkHealth(state: .unreachable, detail: "\(error)") }
        }
        if case AgentError.corruptCredentials = error { return LinkHealth(state: .broken, detail: "\(error)") }
        return nil
    }

    static func load(from index: DropIndex) async throws -> LinkHealth {
        guard let raw = try await index.state("link.state"), let state = State(rawValue: raw) else {
            return LinkHealth(state: .unknown, checkedAt: nil)
        }
        return LinkHealth(
            state: state, detail: try await index.state("link.detail"),
            checkedAt: try await index.state("link.checked_at").flatMap(Timestamp.parse))
    }

    func save(to index: DropIndex) async throws {
        try await index.setState([
            "link.state": state.rawValue, "link.detail": detail ?? "",
            "link.checked_at": Timestamp.format(checkedAt ?? SystemClock.now()),
        ])
    }
}
