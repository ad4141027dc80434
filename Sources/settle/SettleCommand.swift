import ArgumentParser

@main
struct SettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Month-end settlement for the compute-provider partner programme.",
        subcommands: [
            MigrateCommand.self, ContractsCommand.self, ImportCommand.self, ProvidersCommand.self,
            RunCommand.self, ShowCommand.self, ApproveCommand.self, CloseCommand.self, VerifyCommand.self, StatementsCommand.self, ReportCommand.self,
            PayoutsCommand.self, PeriodsCommand.self, LogCommand.self, DemoCommand.self,
            GenerateCommand.self, ClusterCommand.self,
        ]
    )
}
