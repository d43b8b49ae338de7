import Archives
import Crypto
import DropFiles
import Foundation

/// Every file member of an archive with the SHA-256 of its bytes, read back once. Hashing is most of a
/// read-back (libarchive inflates a gigabyte of zstd or stored data in a fraction of the time SHA-256
/// takes over it), so every other member is hashed on a helper thread while this one inflates and
/// hashes the rest.
enum MemberHashes {
    /// Part of a member's bytes, in order; `member` set on its first part, `last` on its final one.
    private struct Piece: Sendable {
        var order: Int
        var member: String?
        var bytes: [UInt8]
        var last: Bool
    }

    private typealias Queue = BatchHandoff<Piece, Void>

    /// The file members in the archive's order, each with its hash (lowercase hex).
    static func read(_ url: URL, format: ArchiveReader.Format) throws -> [(member: String, sha256: String)] {
        let queue = Queue(capacity: 8)
        // Joined below: the inflating side waits on it when the queue is full (Handoff.swift).
        let helper = HelperThread { try MemberHashes.hash(from: queue) }
        var hashes: [(order: Int, member: String, sha256: String)] = []
        var order = -1
        var mine: (member: String, hasher: SHA256)?
        var pending: Piece?
        do {
            try ArchiveReader.stream(
                atPath: url.path, formats: [format],
                entry: { entry in
                    guard entry.kind == .file else { return }
                    order += 1
                    if order % 2 == 0 {
                        mine = (entry.path, SHA256())
                    } else {
                        pending = Piece(order: order, member: entry.path, bytes: [], last: false)
                    }
                },
                bytes: { chunk in
                    if order % 2 == 0 {
                        mine?.hasher.update(bufferPointer: chunk)
                        return
                    }
                    // Each chunk goes when the next arrives, so the member's final one can say so.
                    if let piece = pending, !piece.bytes.isEmpty {
                        try queue.put(piece)
                        pending = Piece(order: piece.order, member: nil, bytes: [], last: false)
                    }
                    pending?.bytes = Array(chunk)
                },
                end: {
                    if let (member, hasher) = mine {
                        hashes.append((order, member, hasher.finalize().hexadecimal))
                        mine = nil
                    } else if var piece = pending {
                        piece.last = true
                        try queue.put(piece)
                        pending = nil
                    }
                })
            queue.finish(.success(()))
        } catch {
            queue.finish(.failure(error))
            _ = try? helper.wait()
            throw error
        }
        hashes += try helper.wait()
        return hashes.sorted { $0.order < $1.order }.map { ($0.member, $0.sha256) }
    }

    private static func hash(from queue: Queue) throws -> [(order: Int, member: String, sha256: String)] {
        var hashes: [(order: Int, member: String, sha256: String)] = []
        var current: (member: String, hasher: SHA256)?
        while let piece = try queue.take() {
            if let member = piece.member { current = (member, SHA256()) }
            piece.bytes.withUnsafeBytes { current?.hasher.update(bufferPointer: $0) }
            if piece.last, let (member, hasher) = current {
                hashes.append((piece.order, member, hasher.finalize().hexadecimal))
                current = nil
            }
        }
        return hashes
    }
}
