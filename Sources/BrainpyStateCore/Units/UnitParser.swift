/// Parses unit strings of the grammar published in include/brainpystate.h:
///   unit := "" | product;  product := factor {("*"|"/") factor};  factor := atom ["^" ["-"] int]
///   atom := symbol | "1" | "(" product ")";  symbol := [p n u µ m k] (s V A S ohm Ω F Hz M)
public enum UnitParser {
    /// Parse `text`; throws `.unit` with a message naming the problem.
    public static func parse(_ text: String) throws(EngineError) -> ParsedUnit {
        if let unit = common[text] { return unit }
        var parser = Parser(scalars: Array(text.unicodeScalars), text: text)
        return try parser.parseUnit()
    }

    /// Units hosts pass on every call (a closed-loop step, run_for), looked up without allocating.
    private static let common: [String: ParsedUnit] = {
        var table: [String: ParsedUnit] = [:]
        for base in ["s", "V", "A", "S", "ohm", "F", "Hz", "M"] {
            for prefix in ["", "p", "n", "u", "m", "k"] {
                var parser = Parser(scalars: Array((prefix + base).unicodeScalars), text: prefix + base)
                table[prefix + base] = try? parser.parseUnit()
            }
        }
        table[""] = .dimensionless
        table["1"] = .dimensionless
        return table
    }()

    /// Parse and require `expected`'s dimension; the message names the quantity being set.
    public static func parse(_ text: String, expecting expected: Dimension, for what: String) throws(EngineError) -> ParsedUnit {
        let unit = try parse(text)
        guard unit.dimension == expected else {
            throw EngineError(.unit, "\(what): unit \"\(text)\" has the wrong dimension; expected \(expected)")
        }
        return unit
    }

    /// Base symbols with their dimension and their factor into internal units.
    static let bases: [String: ParsedUnit] = [
        "s": ParsedUnit(dimension: .time, exponent: 3),
        "V": ParsedUnit(dimension: .voltage, exponent: 3),
        "A": ParsedUnit(dimension: .current, exponent: 6),
        "S": ParsedUnit(dimension: .conductance, exponent: 3),
        "ohm": ParsedUnit(dimension: .resistance, exponent: -3),
        "\u{03A9}": ParsedUnit(dimension: .resistance, exponent: -3),
        "F": ParsedUnit(dimension: .capacitance, exponent: 6),
        "Hz": ParsedUnit(dimension: .frequency, exponent: -3),
        "M": ParsedUnit(dimension: .concentration, exponent: 3),
    ]

    static let prefixes: [Unicode.Scalar: Int] = [
        "p": -12, "n": -9, "u": -6, "\u{00B5}": -6, "\u{03BC}": -6, "m": -3, "k": 3,
    ]

    private struct Parser {
        let scalars: [Unicode.Scalar]
        let text: String
        var pos = 0

        mutating func parseUnit() throws(EngineError) -> ParsedUnit {
            skipSpaces()
            if pos == scalars.count { return .dimensionless }
            let unit = try parseProduct()
            skipSpaces()
            if pos != scalars.count { throw fail("unexpected \"\(scalars[pos])\"") }
            return unit
        }

        mutating func parseProduct() throws(EngineError) -> ParsedUnit {
            var result = try parseFactor()
            while true {
                skipSpaces()
                guard pos < scalars.count, scalars[pos] == "*" || scalars[pos] == "/" else { return result }
                let divide = scalars[pos] == "/"
                pos += 1
                let rhs = try parseFactor()
                result.dimension = result.dimension * (divide ? rhs.dimension.power(-1) : rhs.dimension)
                result.exponent += divide ? -rhs.exponent : rhs.exponent
            }
        }

        mutating func parseFactor() throws(EngineError) -> ParsedUnit {
            var atom = try parseAtom()
            skipSpaces()
            guard pos < scalars.count, scalars[pos] == "^" else { return atom }
            pos += 1
            skipSpaces()
            var negative = false
            if pos < scalars.count, scalars[pos] == "-" { negative = true; pos += 1 }
            let start = pos
            var n = 0
            while pos < scalars.count, let d = digit(scalars[pos]) {
                n = n * 10 + d
                pos += 1
                if n > 32 { throw fail("exponent too large") }
            }
            if pos == start { throw fail("expected an integer exponent after \"^\"") }
            if negative { n = -n }
            atom.dimension = atom.dimension.power(n)
            atom.exponent *= n
            return atom
        }

        mutating func parseAtom() throws(EngineError) -> ParsedUnit {
            skipSpaces()
            guard pos < scalars.count else { throw fail("unit expected at the end") }
            let c = scalars[pos]
            if c == "(" {
                pos += 1
                let inner = try parseProduct()
                skipSpaces()
                guard pos < scalars.count, scalars[pos] == ")" else { throw fail("missing \")\"") }
                pos += 1
                return inner
            }
            if c == "1" {
                pos += 1
                if pos < scalars.count, digit(scalars[pos]) != nil { throw fail("only the number 1 may appear") }
                return .dimensionless
            }
            let start = pos
            while pos < scalars.count, isLetter(scalars[pos]) { pos += 1 }
            if pos == start { throw fail("unexpected \"\(c)\"") }
            var word = String.UnicodeScalarView()
            word.append(contentsOf: scalars[start..<pos])
            let symbol = String(word)
            if let base = UnitParser.bases[symbol] { return base }
            let first = scalars[start]
            if let factor = UnitParser.prefixes[first], pos - start > 1 {
                var rest = String.UnicodeScalarView()
                rest.append(contentsOf: scalars[(start + 1)..<pos])
                if let base = UnitParser.bases[String(rest)] {
                    return ParsedUnit(dimension: base.dimension, exponent: base.exponent + factor)
                }
            }
            throw fail("unknown unit symbol \"\(symbol)\"")
        }

        mutating func skipSpaces() {
            while pos < scalars.count, scalars[pos] == " " || scalars[pos] == "\t" { pos += 1 }
        }

        func digit(_ c: Unicode.Scalar) -> Int? {
            c.value >= 48 && c.value <= 57 ? Int(c.value - 48) : nil
        }

        func isLetter(_ c: Unicode.Scalar) -> Bool {
            (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122)
                || c == "\u{00B5}" || c == "\u{03BC}" || c == "\u{03A9}" || c == "\u{2126}"
        }

        func fail(_ what: String) -> EngineError {
            EngineError(.unit, "malformed unit \"\(text)\": \(what) (grammar: e.g. \"mV\", \"ms\", \"mS\", \"1/(ms*mM)\")")
        }
    }
}

/// A value with its unit, as it crosses the boundary.
public struct Quantity: Sendable {
    public var value: Double
    public var unit: String
    public init(_ value: Double, _ unit: String) {
        self.value = value
        self.unit = unit
    }
}
