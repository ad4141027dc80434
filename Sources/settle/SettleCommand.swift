import ArgumentParser

@main
struct SettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Month-end settlement for the compute-provider partner programme.",
        subcommands: [ContractsCommand.self]
    )
}
