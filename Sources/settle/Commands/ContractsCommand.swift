import ArgumentParser

struct ContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts",
        abstract: "Check, load, list, show and compare contracts.",
        subcommands: [ContractsCheckCommand.self, ContractsLoadCommand.self, ContractsListCommand.self, ContractsShowCommand.self,
                      ContractsDiffCommand.self]
    )
}
