
/// Where each rule of a contract file is written, for `settle explain` (docs/REFERENCE.md §7).
public enum RuleLocations {
    /// The line of each rule's `id` in a stored contract version's text, by rule id; empty when the
    /// text has no `rules` list (it was checked when it was loaded, so that does not happen).
    public static func lines(in text: String) -> [String: Int] {
        guard let root = try? YAMLComposer.compose(text), let rules = root.mapping?["rules"]?.sequence else { return [:] }
        var lines: [String: Int] = [:]
        for rule in rules {
            guard let idNode = rule.mapping?["id"], let id = idNode.scalar?.string else { continue }
            lines[id] = idNode.mark.line
        }
        return lines
    }
}
