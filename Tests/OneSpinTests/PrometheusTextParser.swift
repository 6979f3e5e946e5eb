/// A strict reader of the Prometheus text exposition format 0.0.4, for checking `/metrics`.
///
/// Beyond the format's own rules (metric and label name syntax, label value escapes `\\`,
/// `\"`, `\n` only, numeric values, `# HELP`/`# TYPE` at most once per family and before its
/// samples, a family's lines together) it enforces onespin's: every sample has a declared
/// family, counters are named `…_total`, no series appears twice, and every histogram has
/// non-decreasing cumulative buckets in increasing `le` order ending at `+Inf` == `_count`,
/// with a `_sum`.
struct PrometheusTextParser {
    struct Failure: Error, CustomStringConvertible {
        let line: Int
        let reason: String
        var description: String { "line \(line): \(reason)" }
    }

    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Family {
        var name: String
        var type: String?
        var help: String?
        var samples: [Sample] = []
    }

    private(set) var families: [Family] = []

    static func parse(_ text: String) throws(Failure) -> PrometheusTextParser {
        var parser = PrometheusTextParser()
        try parser.read(text)
        return parser
    }

    /// The value of the one sample `name{labels}`.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        families.lazy.flatMap(\.samples).first { $0.name == name && $0.labels == labels }?.value
    }

    func family(_ name: String) -> Family? { families.first { $0.name == name } }

    // MARK: - Reading

    private var closed: Set<String> = []
    private var series: Set<String> = []

    private mutating func read(_ text: String) throws(Failure) {
        guard text.isEmpty || text.hasSuffix("\n") else { throw Failure(line: 0, reason: "the last line is not terminated") }
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let number = offset + 1
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                try comment(String(line), number)
            } else {
                try sample(String(line), number)
            }
        }
        for family in families { try Self.checkFamily(family) }
    }

    private mutating func comment(_ line: String, _ number: Int) throws(Failure) {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0] == "#", parts[1] == "HELP" || parts[1] == "TYPE" else { return }
        let name = parts[2]
        guard Self.isMetricName(name) else { throw Failure(line: number, reason: "bad metric name \(name)") }
        let index = try open(name, number)
        if families[index].samples.count > 0 { throw Failure(line: number, reason: "\(parts[1]) of \(name) after its samples") }
        let rest = parts.count > 3 ? parts[3] : ""
        if parts[1] == "HELP" {
            guard families[index].help == nil else { throw Failure(line: number, reason: "second HELP for \(name)") }
            families[index].help = try Self.unescape(rest, allowQuote: false, number)
        } else {
            guard families[index].type == nil else { throw Failure(line: number, reason: "second TYPE for \(name)") }
            guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(rest) else {
                throw Failure(line: number, reason: "unknown type \(rest)")
            }
            if rest == "counter" && !name.hasSuffix("_total") { throw Failure(line: number, reason: "counter \(name) lacks _total") }
            families[index].type = rest
        }
    }

    /// The index of family `name`, opening it if new; a family left earlier cannot reopen.
    private mutating func open(_ name: String, _ number: Int) throws(Failure) -> Int {
        if let last = families.indices.last, families[last].name == name { return last }
        if closed.contains(name) || families.contains(where: { $0.name == name }) {
            throw Failure(line: number, reason: "lines of \(name) are not together")
        }
        if let last = families.last { closed.insert(last.name) }
        families.append(Family(name: name))
        return families.count - 1
    }

    private mutating func sample(_ line: String, _ number: Int) throws(Failure) {
        var rest = Substring(line)
        let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
        guard Self.isMetricName(name) else { throw Failure(line: number, reason: "bad metric name in \(line)") }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            labels = try Self.labels(&rest, number)
        }
        guard rest.first == " " else { throw Failure(line: number, reason: "no space before the value") }
        let fields = rest.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard (1...2).contains(fields.count), let value = Self.number(String(fields[0])) else {
            throw Failure(line: number, reason: "bad value in \(line)")
        }
        if fields.count == 2 && Int64(fields[1]) == nil { throw Failure(line: number, reason: "bad timestamp") }

        guard let index = families.indices.last, let type = families[index].type,
              Self.belongs(name, to: families[index].name, type: type)
        else { throw Failure(line: number, reason: "\(name) has no TYPE declared just before it") }
        if type == "counter" && !(value >= 0) { throw Failure(line: number, reason: "counter \(name) is \(value)") }
        let key = name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
        guard series.insert(key).inserted else { throw Failure(line: number, reason: "duplicate series \(key)") }
        families[index].samples.append(Sample(name: name, labels: labels, value: value))
    }

    private static func belongs(_ sample: String, to family: String, type: String) -> Bool {
        switch type {
        case "histogram": [family + "_bucket", family + "_sum", family + "_count"].contains(sample)
        case "summary": [family, family + "_sum", family + "_count"].contains(sample)
        default: sample == family
        }
    }

    /// Reads `name="value",…}` (the `{` already consumed).
    private static func labels(_ rest: inout Substring, _ number: Int) throws(Failure) -> [String: String] {
        var labels: [String: String] = [:]
        while true {
            if rest.first == "}" {
                rest = rest.dropFirst()
                return labels
            }
            let name = String(rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            guard let first = name.first, !first.isNumber, !name.hasPrefix("__") else {
                throw Failure(line: number, reason: "bad label name at \(rest)")
            }
            rest = rest.dropFirst(name.count)
            guard rest.hasPrefix("=\"") else { throw Failure(line: number, reason: "label \(name) lacks =\"") }
            rest = rest.dropFirst(2)
            var raw = ""
            var escaped = false
            var terminated = false
            while let character = rest.first {
                rest = rest.dropFirst()
                if escaped {
                    escaped = false
                } else if character == "\"" {
                    terminated = true
                    break
                } else if character == "\\" {
                    escaped = true
                }
                raw.append(character)
            }
            guard terminated else { throw Failure(line: number, reason: "unterminated label value") }
            guard labels.updateValue(try unescape(raw, allowQuote: true, number), forKey: name) == nil else {
                throw Failure(line: number, reason: "label \(name) twice")
            }
            if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" {
                throw Failure(line: number, reason: "expected , or } after label \(name)")
            }
        }
    }

    private static func unescape(_ text: String, allowQuote: Bool, _ number: Int) throws(Failure) -> String {
        var out = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else {
                if allowQuote == false || character != "\"" { out.append(character); continue }
                throw Failure(line: number, reason: "unescaped quote")
            }
            switch iterator.next() {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "\"" where allowQuote: out.append("\"")
            default: throw Failure(line: number, reason: "bad escape in \(text)")
            }
        }
        return out
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" || first == ":" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" || $0 == ":" }
    }

    static func number(_ text: String) -> Double? {
        switch text {
        case "+Inf": Double.infinity
        case "-Inf": -Double.infinity
        case "NaN": Double.nan
        default: text.allSatisfy({ "0123456789.eE+-".contains($0) }) ? Double(text) : nil
        }
    }

    private static func checkFamily(_ family: Family) throws(Failure) {
        guard family.type == "histogram" else { return }
        var groups: [[String: String]: [(le: Double, count: Double)]] = [:]
        for sample in family.samples where sample.name == family.name + "_bucket" {
            guard let le = sample.labels["le"], let bound = number(le) else {
                throw Failure(line: 0, reason: "\(family.name) bucket without a numeric le")
            }
            groups[sample.labels.filter { $0.key != "le" }, default: []].append((bound, sample.value))
        }
        guard !groups.isEmpty else { throw Failure(line: 0, reason: "\(family.name) has no buckets") }
        for (labels, buckets) in groups {
            for (previous, next) in zip(buckets, buckets.dropFirst()) {
                guard previous.le < next.le else { throw Failure(line: 0, reason: "\(family.name) le not increasing") }
                guard previous.count <= next.count else { throw Failure(line: 0, reason: "\(family.name) buckets not cumulative") }
            }
            guard let last = buckets.last, last.le == .infinity else { throw Failure(line: 0, reason: "\(family.name) lacks +Inf") }
            let count = family.samples.first { $0.name == family.name + "_count" && $0.labels == labels }
            guard let count, count.value == last.count else { throw Failure(line: 0, reason: "\(family.name) +Inf != _count") }
            guard family.samples.contains(where: { $0.name == family.name + "_sum" && $0.labels == labels }) else {
                throw Failure(line: 0, reason: "\(family.name) lacks _sum")
            }
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
