import AsyncHTTPClient
import DropValues
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// An answer read in full (up to a cap).
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer

    var data: Data { Data(body.readableBytesView) }
}

/// Sends one logical request: waits for the rate limiter, applies the deadline and the size cap,
/// waits out 429s, and retries what is safe to retry.
///
/// A request that may already have been applied (its answer was lost, or a 5xx came back) is retried
/// only when it is idempotent; otherwise the caller gets `outcomeUnknown` and decides.
struct RequestExecutor: Sendable {
    /// What the HTTP library says of its connections goes here, not to tldrop's logger: its lines
    /// ("Request was scheduled on connection") are for `-vv`; tldrop's own account of each call is `-v`.
    static let httpLogger = Logger(label: "tldrop.http")

    let http: HTTPClient
    let limiter: RateLimiter<ContinuousClock>
    let retry: RetryPolicy
    let userAgent: String
    let logger: Logger
    /// Every answer is counted here, 429s apart.
    var tally = RequestTally()

    /// - Parameters:
    ///   - label: the endpoint name used in errors and logs.
    ///   - counted: whether the request counts against Teamleader's rate limit.
    ///   - idempotent: whether repeating it after an unclear failure is harmless.
    func perform(
        _ label: String, request: HTTPClientRequest, timeout: Duration, maximumBytes: Int,
        counted: Bool = true, idempotent: Bool
    ) async throws -> HTTPAnswer {
        var attempt = 0
        // When the first 429 came: the give-up bound counts waiting, not how slowly a busy machine sent.
        var rateLimitedSince: ContinuousClock.Instant?
        var sent = ContinuousClock.now
        var request = request
        request.headers.replaceOrAdd(name: "User-Agent", value: userAgent)
        while true {
            attempt += 1
            if counted { try await limiter.acquire() }
            sent = ContinuousClock.now
            let answer: HTTPAnswer
            do {
                answer = try await exchange(request, timeout: timeout, maximumBytes: maximumBytes, label: label)
            } catch let failure as ExchangeFailure {
                if counted { await limiter.abandon() }
                switch failure {
                case .tooLarge:
                    throw TeamleaderError.responseTooLarge(endpoint: label, limit: maximumBytes)
                case .notSent(let reason), .lost(let reason):
                    let safe = idempotent || failure.isNotSent
                    guard safe else { throw TeamleaderError.outcomeUnknown(endpoint: label, reason: reason) }
                    guard attempt < retry.maximumAttempts else {
                        throw TeamleaderError.unreachable(endpoint: label, reason: reason)
                    }
                    logger.debug(
                        "teamleader request failed, retrying", metadata: ["endpoint": "\(label)", "attempt": "\(attempt)", "reason": "\(reason)"])
                    try await limiter.clock.sleep(for: retry.backoff(afterAttempt: attempt))
                    continue
                }
            }
            tally.count(status: answer.status)
            // `-v`: what was asked of Teamleader, how long it took, what is left of the rate limit.
            logger.debug(
                "teamleader answered",
                metadata: [
                    "endpoint": "\(label)", "status": "\(answer.status)", "ms": "\(Int((ContinuousClock.now - sent) / .milliseconds(1)))",
                    "rate_limit_left": "\(answer.headers.first(name: "X-RateLimit-Remaining") ?? "?")",
                ])
            if counted {
                await limiter.complete(
                    status: answer.status,
                    limit: answer.headers.first(name: "X-RateLimit-Limit").flatMap { Int($0) },
                    remaining: answer.headers.first(name: "X-RateLimit-Remaining").flatMap { Int($0) },
                    reset: answer.headers.first(name: "X-RateLimit-Reset").flatMap(Self.parseReset))
            }
            switch answer.status {
            case 429:
                // Not applied by definition: always safe to send again once the window allows it.
                attempt -= 1
                let since = rateLimitedSince ?? ContinuousClock.now
                rateLimitedSince = since
                guard ContinuousClock.now - since < retry.maximumRateLimitWait else {
                    throw TeamleaderError.unreachable(endpoint: label, reason: "rate limited for too long")
                }
                logger.info("teamleader rate limit reached, waiting", metadata: ["endpoint": "\(label)"])
                // The API's limiter pauses counted requests itself; the token endpoint and the file host
                // have no limiter of ours, so their wait is taken here, never back to back.
                if !counted { try await limiter.clock.sleep(for: Self.waitAfter429(answer.headers, fallback: retry.backoff(afterAttempt: 2))) }
                continue
            case 500...599:
                let reason = "HTTP \(answer.status)" + ErrorBody.messages(in: answer.data).map { ": \($0)" }.joined()
                guard idempotent else { throw TeamleaderError.outcomeUnknown(endpoint: label, reason: reason) }
                guard attempt < retry.maximumAttempts else {
                    throw TeamleaderError.unreachable(endpoint: label, reason: reason)
                }
                logger.debug("teamleader server error, retrying", metadata: ["endpoint": "\(label)", "status": "\(answer.status)"])
                try await limiter.clock.sleep(for: retry.backoff(afterAttempt: attempt))
                continue
            default:
                return answer
            }
        }
    }

    private enum ExchangeFailure: Error {
        case notSent(String)
        case lost(String)
        case tooLarge

        var isNotSent: Bool {
            if case .notSent = self { return true }
            return false
        }
    }

    private func exchange(
        _ request: HTTPClientRequest, timeout: Duration, maximumBytes: Int, label: String
    ) async throws -> HTTPAnswer {
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        do {
            let response = try await http.execute(request, deadline: deadline, logger: Self.httpLogger)
            let body = try await response.body.collect(upTo: maximumBytes)
            return HTTPAnswer(status: Int(response.status.code), headers: response.headers, body: body)
        } catch is NIOTooManyBytesError {
            throw ExchangeFailure.tooLarge
        } catch let error as HTTPClientError where error == .connectTimeout || error == .getConnectionFromPoolTimeout {
            throw ExchangeFailure.notSent(String(describing: error))
        } catch let error as NIOConnectionError {
            throw ExchangeFailure.notSent("could not connect to \(error.host):\(error.port)")
        } catch let error as IOError where [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode) {
            throw ExchangeFailure.notSent("could not connect (\(String(cString: strerror(error.errnoCode))))")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ExchangeFailure.lost(Self.describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout: return "no answer before the deadline"
            case .remoteConnectionClosed: return "the connection was closed before the answer"
            default: return String(describing: error)
            }
        }
        return String(describing: error)
    }

    /// How long a 429 asks to wait: `Retry-After` (seconds), else `X-RateLimit-Reset`, else `fallback`;
    /// at most a minute, so that a skewed clock cannot stall a run.
    static func waitAfter429(_ headers: HTTPHeaders, fallback: Duration) -> Duration {
        if let value = headers.first(name: "Retry-After").flatMap(Double.init) {
            return .milliseconds(Int64(min(max(value, 0), 60) * 1000))
        }
        if let reset = headers.first(name: "X-RateLimit-Reset").flatMap(parseReset) {
            return .milliseconds(Int64(min(max(reset.timeIntervalSinceNow, 0), 60) * 1000))
        }
        return fallback
    }

    /// `X-RateLimit-Reset` is documented as an ISO timestamp; some clients also meet seconds.
    static func parseReset(_ value: String) -> Date? {
        if let date = Timestamp.parse(value) { return date }
        if let seconds = Double(value) {
            // A small number is a delay; a large one a Unix time.
            return seconds < 1_000_000_000 ? SystemClock.now().addingTimeInterval(seconds) : Date(timeIntervalSince1970: seconds)
        }
        return nil
    }
}
