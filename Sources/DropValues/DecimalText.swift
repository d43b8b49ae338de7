package import Foundation

/// Decimals to and from text without Foundation's locale machinery, which costs a microsecond a call
/// (a hundred-thousand-line statement parses and prints several amounts a line). Values whose digits
/// do not fit 64 bits take Foundation's way.
package enum DecimalText {
    /// `121`, `-1234.5`, `0.001`: what `Decimal.description` prints (no trailing zeros).
    package static func plain(_ value: Decimal) -> String {
        guard let (negative, mantissa, power) = parts(value) else { return value.description }
        var digits = mantissa
        var exponent = power
        while exponent < 0, digits != 0, digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        return render(negative: negative, digits: digits, exponent: exponent, decimals: max(0, -exponent))
    }

    /// Rounded to cents (half away from zero) and printed with two decimals: `121.00`, `-0.50`.
    package static func money(_ value: Decimal) -> String {
        guard let (negative, mantissa, exponent) = parts(value), exponent >= -20 else {
            var rounded = Decimal()
            var copy = value
            NSDecimalRound(&rounded, &copy, 2, .plain)
            return fallbackMoney(rounded)
        }
        var cents: UInt64
        if exponent >= -2 {
            var scaled = mantissa
            for _ in 0..<(exponent + 2) {
                let (product, overflow) = scaled.multipliedReportingOverflow(by: 10)
                if overflow { return fallbackMoney(value) }
                scaled = product
            }
            cents = scaled
        } else {
            var divisor: UInt64 = 1
            for _ in 0..<(-2 - exponent) {
                let (product, overflow) = divisor.multipliedReportingOverflow(by: 10)
                if overflow { return "0.00" }
                divisor = product
            }
            cents = mantissa / divisor
            if mantissa % divisor >= (divisor + 1) / 2 { cents += 1 }
        }
        return render(negative: negative && cents != 0, digits: cents, exponent: -2, decimals: 2)
    }

    /// `121.00`, `-5`, `0.5`: plain decimal text as the index stores it; anything else through `Decimal(string:)`.
    package static func parse(_ text: String) -> Decimal? {
        var mantissa: UInt64 = 0
        var digits = 0
        var decimals = 0
        var point = false
        var negative = false
        var first = true
        for byte in text.utf8 {
            defer { first = false }
            switch byte {
            case 0x30...0x39:
                guard digits < 18 else { return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) }
                mantissa = mantissa * 10 + UInt64(byte - 0x30)
                digits += 1
                if point { decimals += 1 }
            case 0x2E where !point:
                point = true
            case 0x2D where first:
                negative = true
            default:
                return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
            }
        }
        guard digits > 0 else { return nil }
        return make(negative: negative, mantissa: mantissa, exponent: -decimals)
    }

    /// `mantissa × 10^exponent`.
    package static func make(negative: Bool, mantissa: UInt64, exponent: Int) -> Decimal {
        Decimal(sign: negative && mantissa != 0 ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa))
    }

    /// Sign, a mantissa that fits 64 bits, and the exponent (`Decimal`'s own fields are not public
    /// everywhere; its significand and exponent are, and converting the significand through
    /// `NSDecimalNumber` costs a fraction of comparing two decimals).
    private static func parts(_ value: Decimal) -> (Bool, UInt64, Int)? {
        guard value.isFinite else { return nil }
        let significand = NSDecimalNumber(decimal: value.significand)
        guard significand.doubleValue < 1e18 else { return nil }
        return (value.sign == .minus, significand.uint64Value, value.exponent)
    }

    private static func render(negative: Bool, digits: UInt64, exponent: Int, decimals: Int) -> String {
        // Written backwards into a small buffer: one String made at the end.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64 + max(0, exponent)) { buffer in
            var end = buffer.count
            func put(_ byte: UInt8) {
                end -= 1
                buffer[end] = byte
            }
            if exponent > 0, digits != 0 { for _ in 0..<exponent { put(0x30) } }
            var rest = digits
            var written = 0
            repeat {
                if decimals > 0, written == decimals { put(0x2E) }
                put(0x30 + UInt8(rest % 10))
                rest /= 10
                written += 1
            } while rest > 0 || written <= decimals && decimals > 0
            if negative && digits != 0 { put(0x2D) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[end...]), as: UTF8.self)
        }
    }

    private static func fallbackMoney(_ rounded: Decimal) -> String {
        var rounded = rounded
        var copy = rounded
        NSDecimalRound(&rounded, &copy, 2, .plain)
        let text = "\(rounded)"
        guard let dot = text.firstIndex(of: ".") else { return text + ".00" }
        return text.count - text.distance(from: text.startIndex, to: dot) == 2 ? text + "0" : text
    }
}
