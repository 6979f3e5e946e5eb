import Spin

/// The `time` field of the log writer's lines: `Timestamp.format` of the line's millisecond,
/// quoted, with the text of the current second kept between lines.
///
/// Lines come in time order, many per second, so only the milliseconds change between most of
/// them: three digits are rewritten in place instead of formatting the date again. Owned by the
/// writer thread.
struct LogTimestamp {
    /// The epoch second `text` holds.
    private var second: Int64 = .min
    /// `"YYYY-MM-DDTHH:MM:SS.mmmZ"` with its quotes, for the last line written.
    private var text: [UInt8] = []

    /// Appends `millis` as a JSON string: `Timestamp.format(millis:)` in quotes.
    mutating func write(millis: Int64, to line: inout LogLineBuffer) {
        let second = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        if second != self.second || text.count < 6 {
            self.second = second
            text = [UInt8(ascii: "\"")] + Array(Timestamp.format(millis: second &* 1000).utf8) + [UInt8(ascii: "\"")]
        }
        // The milliseconds are the three digits before `Z"`.
        let milli = millis - second &* 1000
        let end = text.count - 2
        text[end - 3] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: milli / 100)
        text[end - 2] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: milli / 10 % 10)
        text[end - 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: milli % 10)
        text.withUnsafeBufferPointer { line.append($0) }
    }
}
