extension ReplayReport {
    /// An SVG chart of requests/s (blue, left axis) and p99 latency in ms (red, right axis) per second.
    package var chart: String {
        let width = 800.0
        let height = 320.0
        let left = 60.0
        let right = 60.0
        let top = 30.0
        let bottom = 40.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let points = series.isEmpty ? [Point(second: 0, requestsPerSecond: 0, spinsPerSecond: 0, p99Micros: 0, errors: 0)] : series
        let maxRate = max(points.map(\.requestsPerSecond).max() ?? 1, 1)
        let maxP99 = max(Double(points.map(\.p99Micros).max() ?? 1) / 1000, 0.001)
        let lastSecond = Double(max(points.last?.second ?? 1, 1))
        func x(_ second: Int) -> Double { left + plotWidth * Double(second) / lastSecond }
        func polyline(_ values: [Double], scale: Double, colour: String) -> String {
            let coordinates = zip(points, values).map { point, value in
                "\(Self.number(x(point.second))),\(Self.number(top + plotHeight * (1 - value / scale)))"
            }
            return "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(coordinates.joined(separator: " "))\"/>"
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
        svg += "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(Int(left))\" y=\"18\">onespin replay: requests/s (blue) and p99 latency, ms (red)</text>\n"
        svg += "<rect x=\"\(Int(left))\" y=\"\(Int(top))\" width=\"\(Int(plotWidth))\" height=\"\(Int(plotHeight))\" fill=\"none\" stroke=\"#999\"/>\n"
        for step in 0...4 {
            let fraction = Double(step) / 4
            let y = top + plotHeight * (1 - fraction)
            svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + plotWidth))\" y1=\"\(Self.number(y))\" y2=\"\(Self.number(y))\" stroke=\"#eee\"/>\n"
            svg += "<text x=\"\(Int(left - 6))\" y=\"\(Self.number(y + 4))\" text-anchor=\"end\" fill=\"#1f5fbf\">\(Int(maxRate * fraction))</text>\n"
            svg += "<text x=\"\(Int(left + plotWidth + 6))\" y=\"\(Self.number(y + 4))\" fill=\"#c0392b\">\(Self.number(maxP99 * fraction))</text>\n"
        }
        svg += "<text x=\"\(Int(left + plotWidth / 2))\" y=\"\(Int(height - 10))\" text-anchor=\"middle\">seconds (0–\(Int(lastSecond)))</text>\n"
        svg += polyline(points.map(\.requestsPerSecond), scale: maxRate, colour: "#1f5fbf") + "\n"
        svg += polyline(points.map { Double($0.p99Micros) / 1000 }, scale: maxP99, colour: "#c0392b") + "\n"
        return svg + "</svg>\n"
    }

    private static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
