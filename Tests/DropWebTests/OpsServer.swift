import DropTestSupport
import Foundation
import Testing

/// A server from the operations world (Prometheus, the Pushgateway) started for one test on
/// 127.0.0.1, ready once its readiness path answers 200, stopped when the test is done.
struct OpsServer {
    let base: URL

    /// Runs `tool` with `arguments(port)` for the length of `body`. Waits for readiness with a
    /// deadline, never a fixed sleep; a port taken in between (another test) is tried again.
    static func with<T: Sendable>(
        _ tool: String, arguments: (Int) -> [String], ready: String, _ body: (OpsServer) async throws -> T
    ) async throws -> T {
        let executable = try OpsTools.tool(tool)
        for attempt in 1...3 {
            let port = try freePort()
            let process = try ProcessRunner.start(executable, arguments(port), environment: ProcessInfo.processInfo.environment)
            let server = OpsServer(base: URL(string: "http://127.0.0.1:\(port)/")!)
            let up = await server.waitUntil(deadline: .seconds(60)) {
                (try? await Browser.get(server.base.appendingPathComponent(ready)))?.status == 200
            }
            guard up else {
                process.signal(SIGKILL)
                let ended = await process.wait()
                if attempt < 3, ended.errorOutput.contains("address already in use") { continue }
                Issue.record("\(tool) did not become ready: \(ended.errorOutput.suffix(2000))")
                throw Unready(tool: tool)
            }
            do {
                let result = try await body(server)
                process.signal(SIGTERM)
                _ = await process.wait(timeout: .seconds(30))
                return result
            } catch {
                process.signal(SIGTERM)
                _ = await process.wait(timeout: .seconds(30))
                throw error
            }
        }
        throw Unready(tool: tool)
    }

    struct Unready: Error, CustomStringConvertible {
        var tool: String
        var description: String { "\(tool) did not become ready on 127.0.0.1" }
    }

    /// Polls `condition` until it holds or `deadline` passes.
    func waitUntil(deadline: Duration, _ condition: () async -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while clock.now < end {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return await condition()
    }

    /// A port nobody listens on right now (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        #if canImport(Glibc)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Unready(tool: "a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
