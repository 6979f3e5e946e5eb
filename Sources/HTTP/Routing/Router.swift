/// Maps a method and path to a value of your choosing (a route enum, an index…), with
/// `:name` segments captured as parameters, e.g. `/v1/spins/:spinId`.
///
/// Matching scans the routes (fine for the few dozen an API has): no regex, no closures.
/// When several patterns match, the one whose first differing segment is a literal wins,
/// so `/admin/players/me` beats `/admin/players/:id`.
package struct Router<Route: Sendable>: Sendable {
    /// The outcome of `match(method:path:)`.
    package enum Match {
        /// A route matched; `parameters` holds its `:name` segments.
        case matched(Route, parameters: [String: String])
        /// The path matched routes, but none for this method; `allow` lists the methods that do.
        case methodNotAllowed(allow: [String])
        /// No pattern matches the path.
        case notFound
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private struct Entry: Sendable {
        let method: String
        let segments: [Segment]
        let value: Route
    }

    private var entries: [Entry] = []

    package init() {}

    /// Adds a route.
    /// - Parameters:
    ///   - method: e.g. `"GET"`.
    ///   - pattern: a path starting with `/`; segments starting with `:` are parameters.
    ///   - value: what `match` returns for it.
    package mutating func add(_ method: String, _ pattern: String, _ value: Route) {
        let segments = Self.split(pattern).map { segment -> Segment in
            segment.first == ":" ? .parameter(String(segment.dropFirst())) : .literal(String(segment))
        }
        entries.append(Entry(method: method, segments: segments, value: value))
    }

    /// Finds the route for `method` and `path` (the path without its query).
    package func match(method: String, path: String) -> Match {
        let parts = Self.split(path)
        var best: (entry: Entry, parameters: [String: String])?
        var allowed: [String] = []
        for entry in entries where entry.segments.count == parts.count {
            guard let parameters = Self.bind(entry.segments, to: parts) else { continue }
            guard entry.method == method else {
                if !allowed.contains(entry.method) { allowed.append(entry.method) }
                continue
            }
            if let current = best, !Self.moreSpecific(entry.segments, than: current.entry.segments) { continue }
            best = (entry, parameters)
        }
        if let best { return .matched(best.entry.value, parameters: best.parameters) }
        if !allowed.isEmpty { return .methodNotAllowed(allow: allowed.sorted()) }
        return .notFound
    }

    private static func split(_ path: String) -> [Substring] {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.first == "" { parts.removeFirst() }
        return parts
    }

    private static func bind(_ segments: [Segment], to parts: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }

    private static func moreSpecific(_ a: [Segment], than b: [Segment]) -> Bool {
        for (x, y) in zip(a, b) {
            switch (x, y) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return false
    }
}

extension Router.Match: Sendable {}
