/// What a name in a page template stands for, which decides how the template may write it.
enum TemplateName: Sendable {
    /// `{{name}}`: text, escaped. A section on it shows when the value is present.
    case text
    /// `{{{name}}}`: HTML that Settle built and escaped itself.
    case html
    /// `{{#name}}…{{/name}}` shows when true, `{{^name}}…{{/name}}` when false.
    case flag
    /// `{{#name}}…{{/name}}` repeats once per item, and inside it the item's own names are known
    /// too (`.` for an item that is text); `{{^name}}…{{/name}}` shows when there is none.
    case list(of: [String: TemplateName])
}
