import ArgumentParser

struct BankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bank",
        abstract: "Read the bank's answers to the payout files: status reports and debit/credit notifications.",
        subcommands: [Import.self]
    )
}
