import ArgumentParser
import SettleCore
import SettleOperations
import SettleStore

struct InvoicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoices",
        abstract: "Write the self-billed invoices of a closed period: NUMBER.xml (UBL 2.1) and NUMBER.html.",
        discussion: """
            One invoice (or credit note, when the earnings total less than zero) per provider under a \
            self-billing agreement on the period's last day. A number is given once and recorded with \
            its issue date and text: writing a period again gives the same numbers and the same bytes. \
            Each invoice is checked against the UBL 2.1 XSD and the EN 16931 rules before anything is \
            written.

            Example: settle invoices 2026-10 --out invoices/2026-10
            """
    )

    @Argument(help: ArgumentHelp("The period, YYYY-MM.", valueName: "period"), transform: parsePeriod)
    var period: Period

    @Option(help: "Folder to write the invoices to (created if missing).")
    var out: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.openStore()
        let summary = try InvoiceFiles.write(store: store, period: period, out: out, today: try Today.resolve())
        let new = summary.invoices.filter(\.new).count
        if summary.invoices.isEmpty {
            print("No invoice for \(period): no provider under a self-billing agreement has earnings in it.")
        } else {
            print("Wrote \(summary.invoices.count) invoice\(summary.invoices.count == 1 ? "" : "s") for \(period) to \(out) "
                  + "(\(new) numbered now, \(summary.invoices.count - new) as first issued).")
        }
        for (invoice, isNew) in summary.invoices {
            print("  \(invoice.number)  \(invoice.provider)  \(invoice.documentType)  issued \(invoice.issueDate)\(isNew ? "" : " (again)")")
        }
        for provider in summary.zero {
            print("  \(provider): earnings total zero, no invoice")
        }
    }
}
