import ArgumentParser

/// `--json`, for every command that prints a result: the same flag, the same help, the same encoder
/// (`Console.json`). A script reads it; a person gets the text.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the result as JSON (for scripts) instead of text for people.") var json = false
}
