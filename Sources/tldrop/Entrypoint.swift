import ArgumentParser
import DropCommands

/// The executable is only this: every command lives in `DropCommands`.
@main
struct Entrypoint {
    static func main() async {
        Diagnostics.bootstrap()
        await TldropCommand.main()
    }
}
