package import Foundation
import SystemPackage

/// The bytes of a payment file, read in chunks from any offset, so that a large file is never held in
/// memory whole: an open file (read with `pread`, which leaves the descriptor's offset alone) or bytes
/// already in memory (a ZIP member, a test).
package struct PaymentInput: Sendable {
    enum Storage: Sendable {
        case descriptor(Int32)
        case memory(Data)
    }

    let storage: Storage
    /// Bytes in all.
    package let size: Int

    /// An open regular file of `size` bytes. The descriptor stays the caller's to close.
    package init(descriptor: Int32, size: Int) {
        storage = .descriptor(descriptor)
        self.size = size
    }

    package init(_ data: Data) {
        storage = .memory(data)
        size = data.count
    }

    /// Reads up to `buffer.count` bytes at `offset` (fewer only at the end).
    package func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(buffer.count, max(0, size - offset))
        guard wanted > 0 else { return 0 }
        switch storage {
        case .memory(let data):
            let start = data.startIndex + offset
            data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: start..<(start + wanted))
            return wanted
        case .descriptor(let fd):
            var done = 0
            while done < wanted {
                let count: Int
                do {
                    count = try FileDescriptor(rawValue: fd).read(
                        fromAbsoluteOffset: Int64(offset + done), into: UnsafeMutableRawBufferPointer(rebasing: buffer[done..<wanted]))
                } catch let error as Errno {
                    throw PaymentInputError(errno: error.rawValue)
                }
                if count == 0 { break }
                done += count
            }
            return done
        }
    }

    /// The first `count` bytes (or all, when fewer).
    func prefix(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: min(count, size))
        let read = try bytes.withUnsafeMutableBytes { try self.read(at: 0, into: $0) }
        return Array(bytes.prefix(read))
    }

    /// All of it, for the formats libarchive reads whole (ZIP bundles, XLSX).
    func data() throws -> Data {
        if case .memory(let data) = storage { return data }
        var data = Data(count: size)
        let read = try data.withUnsafeMutableBytes { try self.read(at: 0, into: $0) }
        return data.prefix(read)
    }
}

/// The file could not be read (an I/O error, not a problem of its content).
package struct PaymentInputError: Error, Sendable, Equatable, CustomStringConvertible {
    package var errno: Int32
    package var description: String { "reading failed: \(String(cString: strerror(errno)))" }
}

/// Reads a `PaymentInput` front to back in chunks, from an offset. A class: readers above it hand
/// closures to `next` that change their own state.
final class ChunkReader {
    static let chunkSize = 1 << 18

    let input: PaymentInput
    private(set) var offset: Int
    private var buffer: [UInt8]

    init(_ input: PaymentInput, from offset: Int = 0) {
        self.input = input
        self.offset = offset
        buffer = [UInt8](repeating: 0, count: Self.chunkSize)
    }

    /// Hands the next chunk to `body`; false at the end.
    func next(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        let start = offset
        let count = try buffer.withUnsafeMutableBytes { try input.read(at: start, into: $0) }
        guard count > 0 else { return false }
        offset += count
        try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
        return true
    }
}
