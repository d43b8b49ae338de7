#if canImport(Darwin)
    import Darwin
    import Foundation

    /// macOS: each watched folder is registered with the kqueue through a descriptor of it; an event says
    /// the folder changed (a name added, removed or renamed), not which file closed.
    extension FileEvents {
        func watchWithKqueue(_ folder: URL, as display: String) {
            guard descriptor >= 0, !state.withLock({ $0.folders.values.contains(display) }) else { return }
            let fd = open(folder.path, O_EVTONLY)
            guard fd >= 0 else { return }
            var event = kevent()
            event.ident = UInt(fd)
            event.filter = Int16(EVFILT_VNODE)
            event.flags = UInt16(EV_ADD | EV_ENABLE | EV_CLEAR)
            event.fflags = UInt32(NOTE_WRITE | NOTE_DELETE | NOTE_RENAME)
            event.data = 0
            event.udata = nil
            guard kevent(descriptor, &event, 1, nil, 0, nil) >= 0 else {
                close(fd)
                return
            }
            state.withLock { state in
                state.folders[fd] = display
                Self.mark(display, in: &state.pending)
            }
        }

        /// Takes every queued event without waiting.
        func drainKqueue() {
            guard descriptor >= 0 else { return }
            var events = [kevent](repeating: kevent(), count: 32)
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            while true {
                let count = events.withUnsafeMutableBufferPointer { buffer in
                    withUnsafePointer(to: &zero) { kevent(descriptor, nil, 0, buffer.baseAddress, Int32(buffer.count), $0) }
                }
                guard count > 0 else { return }
                state.withLock { state in
                    for event in events.prefix(Int(count)) {
                        let fd = Int32(event.ident)
                        guard let display = state.folders[fd] else { continue }
                        Self.mark(display, in: &state.pending)
                        // The folder went (or moved): watched again by path on the next call, if it is back.
                        if event.fflags & UInt32(NOTE_DELETE | NOTE_RENAME) != 0 {
                            state.folders[fd] = nil
                            close(fd)
                        }
                    }
                }
            }
        }
    }
#endif
