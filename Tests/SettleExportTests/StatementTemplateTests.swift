import Foundation
import SettleCore
import SettleExport
import Testing

/// A restyled statement template (Mustache): sections over the lines and benefits, escaping of
/// hostile text, and every name checked when the template is read.
@Suite("Statement templates: sections, escaping, names")
struct StatementTemplateTests {
    static func render(_ text: String, _ statement: Statement, status: StatementStatus = .closed) throws -> String {
        StatementHTML.render(statement, status: status, contracts: StatementFilesTests.contracts(),
                             template: try StatementHTML.template(text, source: "mine.html"))
    }

    static func error(_ text: String) -> String? {
        do { _ = try StatementHTML.template(text, source: "mine.html"); return nil } catch { return error.description }
    }

    /// The rows of the built-in lines table, written with sections.
    static let rows = """
        {{#statement_lines}}
            <tr{{#is_adjustment}} class="adjustment"{{/is_adjustment}}><td>{{rule}}{{#role}} · {{role}}{{/role}}</td>\
        <td>{{type}}</td><td>{{version}}</td><td class="days">{{days}}</td><td>{{explanation}}</td>\
        <td class="amount{{#is_negative}} negative{{/is_negative}}">{{amount}}</td></tr>
        {{/statement_lines}}
        """

    @Test("a restyled template lays out the lines and benefits with sections")
    func sections() throws {
        var statement = try StatementFilesTests.statement()
        statement.lines[0].role = "reseller"
        let page = try Self.render("""
            <h1>{{provider}}</h1>
            {{#statement_lines}}
            <p class="{{#is_adjustment}}adj{{/is_adjustment}}{{^is_adjustment}}line{{/is_adjustment}}">\
            {{rule}}{{#role}} ({{role}}){{/role}} v{{version}}, {{days}}: {{amount}} {{currency}}\
            {{#is_negative}} (charge){{/is_negative}}</p>
            {{/statement_lines}}
            <ul>{{#benefit_items}}<li>{{.}}</li>{{/benefit_items}}</ul>
            {{#is_draft}}DRAFT{{/is_draft}}{{^on_hold}}paid as usual{{/on_hold}}
            """, statement)
        let lines = page.split(separator: "\n").filter { $0.hasPrefix("<p") }
        #expect(lines.count == statement.lines.count)
        #expect(lines.first == #"<p class="line">api-share (reseller) v1, 2026-09-01 to 2026-09-15: 118.00 EUR</p>"#)
        #expect(lines.contains(#"<p class="line">fee v1, 2026-09-01 to 2026-09-15: -15.00 EUR (charge)</p>"#))
        #expect(lines.last == #"<p class="adj">api-share v1, 2026-08-01 to 2026-08-31: 12.50 EUR</p>"#)
        #expect(page.contains("<ul><li>=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;) &amp; "
                              + "&lt;b&gt;bold&lt;/b&gt;</li><li>Joint branding</li></ul>"))
        #expect(page.hasSuffix("</ul>\npaid as usual"))
        #expect(try Self.render("{{#is_draft}}DRAFT{{/is_draft}}{{^has_benefits}}none{{/has_benefits}}", {
            var none = statement
            none.benefits = []
            return none
        }(), status: .draft) == "DRAFTnone")
    }

    @Test("the rows a template lays out with sections are the {{{lines}}} a template written before them gets")
    func fragmentsStay() throws {
        var statement = try StatementFilesTests.statement()
        statement.lines[1].role = "reseller"
        let sections = try Self.render(Self.rows + "\n{{#has_benefits}}<ul>\n{{#benefit_items}}\n  <li>{{.}}</li>\n"
                                       + "{{/benefit_items}}\n</ul>{{/has_benefits}}", statement)
        #expect(sections == (try Self.render("{{{lines}}}\n{{{benefits}}}", statement)))
    }

    /// A template without sections is rendered by joining its parts, not by swift-mustache; a
    /// section that shows nothing sends the same template through swift-mustache.
    @Test("a template without sections gives the bytes swift-mustache gives", arguments: [
        BuiltIn.statementTemplate,
        "{{! a comment\n  on two lines }}\n<p>{{provider_name}}</p>\n  {{! standalone }}\n{{{lines}}}{{&chart}}\n{{ status }}",
    ])
    func flatTemplate(text: String) throws {
        var statement = try StatementFilesTests.statement()
        statement.provider.name = #"<script>"O'Neil" & co</script> 𝔘ñï"#
        statement.lines[0].explanation = #"<img src=x onerror="alert('x')"> & more"#
        for status in [StatementStatus.closed, .draft] {
            let flat = try Self.render(text, statement, status: status)
            #expect(flat == (try Self.render(text + "{{#is_draft}}{{/is_draft}}", statement, status: status)))
            #expect(flat.contains("&lt;script&gt;&quot;O&#39;Neil&quot; &amp; co&lt;/script&gt; 𝔘ñï"))
        }
    }

    @Test("a hostile provider name and explanation reach the page escaped, in names and in sections")
    func hostile() throws {
        var statement = try StatementFilesTests.statement()
        statement.provider.name = #"<script>"O'Neil" & co</script>"#
        statement.lines[0].explanation = #"<img src=x onerror="alert('x')"> & more"#
        let page = try Self.render("<h1>{{provider_name}}</h1>\n" + Self.rows, statement)
        #expect(page.hasPrefix("<h1>&lt;script&gt;&quot;O&#39;Neil&quot; &amp; co&lt;/script&gt;</h1>\n"))
        #expect(page.contains("<td>&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; more</td>"))
        #expect(!page.contains("<script>") && !page.contains("<img"))
        // The same text through the built-in template.
        let builtIn = StatementHTML.render(statement, status: .closed, contracts: StatementFilesTests.contracts(),
                                           template: StatementHTML.defaultTemplate())
        #expect(builtIn.contains("<title>Statement 2026-09 — &lt;script&gt;&quot;O&#39;Neil&quot; &amp; co&lt;/script&gt;</title>"))
        #expect(!builtIn.contains("<script>") && !builtIn.contains("<img"))
    }

    @Test("a name inside a section is checked against the item's names too, naming the line")
    func namesInSections() {
        #expect(Self.error("<table>\n{{#statement_lines}}\n<tr><td>{{rul}}</td></tr>\n{{/statement_lines}}</table>")
                == "mine.html:3: unknown placeholder {{rul}}; did you mean 'rule'?")
        #expect(Self.error("{{#statement_lines}}{{#benefit_items}}{{explanation}}{{.}}{{/benefit_items}}{{/statement_lines}}")
                == nil)
        #expect(Self.error("<p>{{currency}}</p>\n{{#statement_lines}}{{currency}} {{.}}{{/statement_lines}}")
                == "mine.html:2: unknown placeholder {{.}}; it is known inside {{#benefit_items}}…{{/benefit_items}}.")
        #expect(Self.error("<p>\n\n{{explanation}}</p>")
                == "mine.html:3: unknown placeholder {{explanation}}; it is known inside {{#statement_lines}}…{{/statement_lines}}.")
        #expect(Self.error("{{#statement_lines}}{{{explanation}}}{{/statement_lines}}")
                == "mine.html:1: unknown placeholder {{{explanation}}}; write it as {{explanation}}.")
        #expect(Self.error("{{&provider_name}}") == "mine.html:1: unknown placeholder {{&provider_name}}; write it as {{provider_name}}.")
        #expect(Self.error("<p>{{lines}}</p>") == "mine.html:1: unknown placeholder {{lines}}; write it as {{{lines}}}.")
        #expect(Self.error("<p>{{is_draft}}</p>") == "mine.html:1: unknown placeholder {{is_draft}}; it is a section: write {{#is_draft}}…{{/is_draft}}.")
        #expect(Self.error("{{#statment_lines}}{{/statment_lines}}")
                == "mine.html:1: unknown placeholder {{#statment_lines}}; did you mean 'statement_lines'?")
    }

    @Test("a section left open or closed out of turn, and the tags Settle does not offer, are refused")
    func structure() {
        #expect(Self.error("<ul>\n{{#benefit_items}}<li>{{.}}</li>\n</ul>")
                == "mine.html:2: {{#benefit_items}} is never closed with {{/benefit_items}}.")
        #expect(Self.error("{{#is_draft}}\n{{^on_hold}}x{{/is_draft}}{{/on_hold}}")
                == "mine.html:2: {{/is_draft}} does not close {{^on_hold}} of line 2.")
        #expect(Self.error("x\n{{/on_hold}}") == "mine.html:2: {{/on_hold}} closes a section that is not open.")
        #expect(Self.error("<p>{{{lines</p>") == "mine.html:1: a placeholder opened with '{{{' is never closed.")
        for tag in ["{{> header}}", "{{%CONTENT_TYPE:TEXT}}", "{{=<% %>=}}", "{{$block}}{{/block}}", "{{<parent}}{{/parent}}"] {
            #expect(Self.error("<p>\n" + tag)?.hasSuffix("is not supported: a template has names, sections and comments only.") == true,
                    "\(tag)")
        }
        #expect(Self.error("{{! {{nonsense}} is a comment }}<p>{{ payout }}</p>") == nil)
    }
}

@Suite("The compute-hour charts")
struct VolumeChartTests {
    @Test("the charts of an amended month share one scale: the same hours sit at the same place")
    func oneScale() throws {
        // v1 (1-15 September) 7,000 h and v2 (16-30) 4,000.5 h; the tier from 10,000 h scaled by 15/30
        // sits at 5,000 h in both. One scale: 7,000 x 1.2 = 8,400 h over 608 pixels from x = 16.
        let html = StatementHTML.render(try StatementFilesTests.statement(), status: .closed,
                                        contracts: StatementFilesTests.contracts(), template: StatementHTML.defaultTemplate())
        #expect(html.contains(##"<rect x="16" y="42" width="507" height="22" fill="#2452c8"/>"##))   // 7,000 / 8,400 x 608
        #expect(html.contains(##"<rect x="16" y="42" width="290" height="22" fill="#2452c8"/>"##))   // 4,000.5 / 8,400 x 608
        #expect(html.components(separatedBy: #"<line x1="378" "#).count - 1 == 2)                 // 5,000 / 8,400 x 608 + 16
    }
}
