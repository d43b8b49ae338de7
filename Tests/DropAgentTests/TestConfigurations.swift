import DropAgent
import DropIndex
import DropTestSupport
import Foundation
import TeamleaderAPI
import TeamleaderSandbox
import Testing

extension AgentHarness {
    /// Checks the invariants every run must leave (`convergenceProblems`).
    func expectConverged(formats: Int = 2, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let problems = try await convergenceProblems(formats: formats)
        #expect(problems.isEmpty, "\(problems)", sourceLocation: sourceLocation)
    }
}
