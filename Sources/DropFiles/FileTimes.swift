#if canImport(Glibc)
    package import Glibc
#elseif canImport(Darwin)
    package import Darwin
#else
    #error("tldrop builds on Linux (Glibc) and macOS (Darwin)")
#endif

extension stat {
    /// The modification time (Linux calls the field `st_mtim`, macOS `st_mtimespec`).
    package var modified: timespec {
        #if canImport(Darwin)
            st_mtimespec
        #else
            st_mtim
        #endif
    }
}
