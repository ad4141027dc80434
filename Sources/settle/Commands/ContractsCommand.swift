import ArgumentParser

struct ContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "Check and load contract files.",
        subcommands: [ContractsCheckCommand.self, ContractsLoadCommand.self]
    )
}
