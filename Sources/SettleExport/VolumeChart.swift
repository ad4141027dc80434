import SettleCore

/// An SVG bar of a window's compute hours against its volume-bonus tiers (scaled to the window,
/// as the engine scales them). Pure integer pixels: coordinates come from exact fractions.
enum VolumeChart {
    static let width = 640, left = 16, right = 16, barTop = 42, barHeight = 22

    /// The right end of a chart's scale: a fifth beyond the hours or the highest scaled tier.
    static func top(hours: Rational, tiers: [VolumeBonus.Tier], fraction: Rational) -> Rational {
        Rational.max(hours, (tiers.last?.from ?? .zero) * fraction) * Rational(6, 5)
    }

    /// - Parameter top: the hours at the right end (the same for every chart of a statement).
    static func svg(hours: Rational, tiers: [VolumeBonus.Tier], mode: VolumeBonus.Mode, fraction: Rational,
                    currency: Currency, caption: String, top: Rational) -> String {
        let bounds = tiers.map { $0.from * fraction }
        let span = width - left - right
        func x(_ value: Rational) -> Int {
            guard top.isPositive else { return left }
            return left + Int((value / top * Rational(span)).rounded(scale: 0, .halfEven))
        }
        var parts: [String] = []
        parts.append(##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) 112" role="img" aria-label="\##(HTMLText.escape(caption))">"##)
        parts.append(##"<text x="\##(left)" y="14" font-size="12" fill="#5b6478">\##(HTMLText.escape(caption))</text>"##)
        parts.append(##"<rect x="\##(left)" y="\##(barTop)" width="\##(span)" height="\##(barHeight)" fill="#eef1f7"/>"##)
        parts.append(##"<rect x="\##(left)" y="\##(barTop)" width="\##(x(hours) - left)" height="\##(barHeight)" fill="#2452c8"/>"##)
        for (index, (tier, bound)) in zip(tiers, bounds).enumerated() where bound.isPositive {
            let position = x(bound)
            let pays = mode == .threshold ? "\(money(tier.value, currency))" : "\(money(tier.value, currency))/h"
            // Labels alternate between two rows so that close tiers stay readable.
            let labelY = barTop + barHeight + (index % 2 == 1 ? 18 : 34)
            parts.append(##"<line x1="\##(position)" y1="\##(barTop - 6)" x2="\##(position)" y2="\##(labelY - 11)" stroke="#1d2433" stroke-width="2"/>"##)
            parts.append(##"<text x="\##(position)" y="\##(labelY)" font-size="11" text-anchor="middle" fill="#1d2433">\##(HTMLText.escape("\(number(bound)) h: \(pays)"))</text>"##)
        }
        parts.append(##"<text x="\##(min(x(hours) + 6, width - 150))" y="\##(barTop - 8)" font-size="12" font-weight="600" fill="#2452c8">\##(HTMLText.escape("\(number(hours)) h used"))</text>"##)
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    static func number(_ value: Rational) -> String {
        value.decimalText(grouped: true)
            ?? Rational.format(units: value.rounded(scale: 0, .halfEven), scale: 0, grouped: true)
    }

    static func money(_ value: Rational, _ currency: Currency) -> String {
        (value.decimalText(minimumFractionDigits: currency.minorUnitDigits, grouped: true) ?? value.description)
            + " " + currency.code
    }
}
