import DropAgent
import DropFiles
import DropTestSupport
import Foundation
import Testing

/// The programs tldrop starts (the `on_failure` hook, a browser) get their standard streams and
/// nothing else: not the run lock, not the index, not a file this process is writing.
@Suite(.timeLimit(.minutes(TestLimits.spawning))) struct ChildProcessTests {
    @Test func aChildHoldsNoneOfThisProcesssDescriptors() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tldrop-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Open for writing the way a careless library would: without close-on-exec.
        let held = open(folder.appendingPathComponent("being-written.csv").path, O_WRONLY | O_CREAT, 0o644)
        #expect(held > 2)
        defer { close(held) }
        let output = folder.appendingPathComponent("out").path
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        // The shell's own descriptors (`test` is built in): is ours among them?
        let child = try ChildProcess(
            "/bin/sh", ["-c", "if [ -e /dev/fd/\(held) ]; then echo held; else echo free; fi; echo in=$(cat)"],
            environment: ["PATH": "/usr/bin:/bin"], output: output)
        let ending = await child.wait(upTo: .seconds(120))
        #expect(ending?.code == 0 && ending?.signalled == false)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "free\nin=\n", "standard input is empty, not ours")
    }

    @Test func aChildThatOutlivesItsTimeIsStoppedAndReaped() async throws {
        let child = try ChildProcess("/bin/sh", ["-c", "sleep 600"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(await child.wait(upTo: .milliseconds(100)) == nil, "still running")
        let ending = await child.stop()
        #expect(ending.code == SIGTERM && ending.signalled)
        #expect(kill(child.pid, 0) != 0, "reaped: no zombie is left behind")
    }

    @Test func aProgramThatCannotBeStartedSaysWhich() {
        #expect {
            _ = try ChildProcess("/nonexistent/opener", [], environment: [:])
        } throws: { error in
            "\(error)".contains("'/nonexistent/opener' could not be started")
        }
    }
}
