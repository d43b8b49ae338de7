import Foundation
import Testing

@testable import TeamleaderSandbox

/// The sandbox writes and reads moments with Foundation's ISO 8601 style, not the client's codec: the
/// forms Teamleader's documentation shows, byte for byte.
@Suite struct SandboxTimeTests {
    static let moment = Date(timeIntervalSince1970: 1_454_604_273.7)  // 2016-02-04T16:44:33.7Z

    @Test func momentsAreWrittenInTheDocumentedForms() {
        #expect(SandboxTime.format(Self.moment) == "2016-02-04T16:44:33+00:00")
        #expect(SandboxTime.rateLimitReset(Self.moment) == "2016-02-04T16:44:33.700+0000")
    }

    @Test func requestMomentsAreReadWithAnyOffsetOrFraction() {
        #expect(SandboxTime.parse("2016-02-04T16:44:33+00:00") == Date(timeIntervalSince1970: 1_454_604_273))
        #expect(SandboxTime.parse("2016-02-04T17:44:33+01:00") == Date(timeIntervalSince1970: 1_454_604_273))
        #expect(SandboxTime.parse("2016-02-04T16:44:33Z") == Date(timeIntervalSince1970: 1_454_604_273))
        #expect(SandboxTime.parse("2016-02-04T16:44:33.500Z") == Date(timeIntervalSince1970: 1_454_604_273.5))
        #expect(SandboxTime.parse("2016-02-04") == nil)
        #expect(SandboxTime.parse("yesterday") == nil)
    }
}
