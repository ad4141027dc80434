extension Array where Element == String {
    /// The items as a sentence lists them: `1`, `1 and 2`, `1, 2 and 3`.
    public var joinedInWords: String {
        count <= 1 ? joined() : dropLast().joined(separator: ", ") + " and " + last!
    }

    /// Each item once, in the order of its first appearance.
    public var uniqued: [String] {
        var seen: Set<String> = []
        return filter { seen.insert($0).inserted }
    }
}
