/// Maps a method and path to a value of your choosing (a route enum, an index…), with
/// `:name` segments captured as parameters, e.g. `/v1/spins/:spinId`.
///
/// Matching scans the routes (fine for the few dozen an API has): no regex, no closures.
/// When several patterns match, the one whose first differing segment is a literal wins,
/// so `/admin/players/me` beats `/admin/players/:id`. `HEAD` matches every `GET` route that has
/// no `HEAD` route of its own (the server sends no body), and `Allow` lists it beside `GET`.
/// Parameters are percent-decoded once (`x%3Fy` → `x?y`, `a%2Fb` → `a/b`: segments are split
/// before decoding); a bad escape or bytes that are not UTF-8 are `.invalidParameter`.
package struct Router<Route: Sendable>: Sendable {
    /// The outcome of `match(method:path:)`.
    package enum Match {
        /// A route matched; `parameters` holds its `:name` segments.
        case matched(Route, parameters: [String: String])
        /// The path matched routes, but none for this method; `allow` lists the methods that do.
        case methodNotAllowed(allow: [String])
        /// A route matched but path parameter `name` is not validly percent-encoded (→ 400).
        case invalidParameter(name: String, detail: String)
        /// No pattern matches the path.
        case notFound
    }

    private var table = RouteTable()
    private var values: [Route] = []

    package init() {}

    /// Adds a route.
    /// - Parameters:
    ///   - method: e.g. `"GET"`.
    ///   - pattern: a path starting with `/`; segments starting with `:` are parameters.
    ///   - value: what `match` returns for it.
    package mutating func add(_ method: String, _ pattern: String, _ value: Route) {
        table.add(method, pattern)
        values.append(value)
    }

    /// Finds the route for `method` and `path` (the path without its query).
    ///
    /// Called from another module this runs unspecialised, instantiating `Match`'s generic
    /// metadata on every call; a hot path should hold a `RouteTable` and map its indices.
    package func match(method: String, path: String) -> Match {
        switch table.match(method: method, path: path) {
        case .matched(let index, let parameters): .matched(values[index], parameters: parameters)
        case .methodNotAllowed(let allow): .methodNotAllowed(allow: allow)
        case .invalidParameter(let name, let detail): .invalidParameter(name: name, detail: detail)
        case .notFound: .notFound
        }
    }
}

/// The matching behind `Router`, on route indices so that none of it is generic (and so it
/// runs at full speed from any module): compares bytes, allocates only the winner's parameters.
/// Patterns and precedence are `Router`'s.
package struct RouteTable: Sendable {
    /// The outcome of `match(method:path:)`.
    package enum Match: Sendable {
        /// The route added `index`-th (from 0) matched; `parameters` holds its `:name` segments.
        case matched(Int, parameters: [String: String])
        /// The path matched routes, but none for this method; `allow` lists the methods that do.
        case methodNotAllowed(allow: [String])
        /// A route matched but path parameter `name` is not validly percent-encoded.
        case invalidParameter(name: String, detail: String)
        /// No pattern matches the path.
        case notFound
    }

    private enum Segment: Sendable, Equatable {
        case literal([UInt8])
        case parameter(String)
    }

    private struct Entry: Sendable {
        let method: String
        let segments: [Segment]
    }

    private var entries: [Entry] = []
    /// The most segments of any pattern: a path with more matches nothing.
    private var maxSegments = 0

    package init() {}

    /// Adds a route; `match` names it by how many were added before it.
    package mutating func add(_ method: String, _ pattern: String) {
        let bytes = Array(pattern.utf8)
        let segments = Self.split(bytes).map { range -> Segment in
            let segment = bytes[range]
            return segment.first == UInt8(ascii: ":")
                ? .parameter(String(decoding: segment.dropFirst(), as: UTF8.self)) : .literal(Array(segment))
        }
        entries.append(Entry(method: method, segments: segments))
        maxSegments = max(maxSegments, segments.count)
    }

    /// Finds the route for `method` and `path` (the path without its query).
    package func match(method: String, path: String) -> Match {
        var path = path
        return path.withUTF8 { bytes in
            // The segment ranges live on the stack: no allocation per request.
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: maxSegments + 1) { storage in
                let count = Self.split(bytes, into: storage)
                guard count <= maxSegments else { return .notFound }
                let parts = UnsafeBufferPointer(rebasing: storage[0..<count])
                let found = match(method: method, bytes, parts)
                // HEAD is GET without the body, for every GET route without a HEAD route of its own.
                if method == "HEAD", case .methodNotAllowed(let allow) = found, allow.contains("GET") {
                    return match(method: "GET", bytes, parts)
                }
                return found
            }
        }
    }

    private func match(method: String, _ bytes: UnsafeBufferPointer<UInt8>, _ parts: UnsafeBufferPointer<Range<Int>>) -> Match {
        var best: Int?
        var allowed: [String] = []
        for index in entries.indices where entries[index].segments.count == parts.count {
            guard Self.fits(entries[index].segments, bytes, parts) else { continue }
            guard entries[index].method == method else {
                if !allowed.contains(entries[index].method) { allowed.append(entries[index].method) }
                continue
            }
            if let current = best, !Self.moreSpecific(entries[index].segments, than: entries[current].segments) { continue }
            best = index
        }
        if let best { return Self.bind(best, entries[best].segments, bytes, parts) }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        if !allowed.isEmpty { return .methodNotAllowed(allow: allowed.sorted()) }
        return .notFound
    }

    /// Writes the byte ranges of a path's segments into `storage` (as `split` does) and returns
    /// how many the path has; past `storage.count` the rest are counted, not written.
    private static func split(_ bytes: UnsafeBufferPointer<UInt8>, into storage: UnsafeMutableBufferPointer<Range<Int>>) -> Int {
        var count = 0
        var start = 0
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "/") {
            if index > 0 {
                if count < storage.count { storage.initializeElement(at: count, to: start..<index) }
                count += 1
            }
            start = index + 1
        }
        if !bytes.isEmpty {
            if count < storage.count { storage.initializeElement(at: count, to: start..<bytes.count) }
            count += 1
        }
        return count
    }

    /// The byte ranges of a path's segments (a leading `/` starts the first one).
    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        parts.reserveCapacity(6)
        var start = 0
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "/") {
            if index > 0 { parts.append(start..<index) }
            start = index + 1
        }
        if !bytes.isEmpty { parts.append(start..<bytes.count) }
        return parts
    }

    private static func split(_ bytes: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { split($0) }
    }

    private static func fits(_ segments: [Segment], _ bytes: UnsafeBufferPointer<UInt8>, _ parts: UnsafeBufferPointer<Range<Int>>) -> Bool {
        for index in segments.indices {
            let part = parts[index]
            switch segments[index] {
            case .literal(let text):
                guard text.count == part.count else { return false }
                for offset in 0..<text.count where text[offset] != bytes[part.lowerBound + offset] { return false }
            case .parameter:
                guard !part.isEmpty else { return false }
            }
        }
        return true
    }

    private static func bind(_ index: Int, _ segments: [Segment], _ bytes: UnsafeBufferPointer<UInt8>, _ parts: UnsafeBufferPointer<Range<Int>>) -> Match {
        var parameters: [String: String] = [:]
        for position in segments.indices {
            guard case .parameter(let name) = segments[position] else { continue }
            switch PercentDecoding.decode(UnsafeBufferPointer(rebasing: bytes[parts[position]])) {
            case .success(let value): parameters[name] = value
            case .failure(let problem): return .invalidParameter(name: name, detail: "\(name): \(problem.description)")
            }
        }
        return .matched(index, parameters: parameters)
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
