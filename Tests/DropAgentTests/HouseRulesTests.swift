import DropTestSupport
import Foundation
import Testing

/// `scripts/house-rules`, which `scripts/test` runs beside the formatter: it holds on the repository,
/// and each rule fails on a violation planted in a copy of `Sources`, naming the rule, file and line.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct HouseRulesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = repository.appendingPathComponent("scripts/house-rules")

    static func check(_ root: URL) async throws -> ProcessResult {
        try await ProcessRunner.run(script, [root.path], environment: ProcessInfo.processInfo.environment)
    }

    @Test func theRepositoryKeepsEveryRule() async throws {
        let result = try await Self.check(Self.repository)
        #expect(result.status == 0, "\(result.errorOutput)")
    }

    @Test(arguments: [
        ("let folder = \"Review\"", "a folder name spelled outside RootLayout"),
        ("let moment = Date()", "Date() outside the clock"),
        ("@_exported import Foundation", "an @_exported import"),
        ("let encoder = JSONEncoder()", "JSONEncoder() outside its home"),
        ("final class Box: @unchecked Sendable {}", "@unchecked Sendable outside the documented hand-offs"),
    ])
    func aPlantedViolationFailsNamingTheRuleAndTheLine(line: String, rule: String) async throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-rules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Sources"), to: copy.appendingPathComponent("Sources"))
        let file = copy.appendingPathComponent("Sources/DropAgent/Run/AgentRun.swift")
        var text = try String(contentsOf: file, encoding: .utf8)
        let lineNumber = text.split(separator: "\n", omittingEmptySubsequences: false).count
        text += line + "\n"
        try text.write(to: file, atomically: false, encoding: .utf8)
        let result = try await Self.check(copy)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("house rule broken: \(rule)"), "\(result.errorOutput)")
        #expect(result.errorOutput.contains("Sources/DropAgent/Run/AgentRun.swift:\(lineNumber):"), "\(result.errorOutput)")
    }
}
