import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs a picocli command with labs' error handling and exit codes. */
final class Labs {
    private Labs() {
    }

    static void exit(Object command, String... args) {
        System.exit(run(command, RunContext.system(), args));
    }

    static int run(Object command, RunContext context, String... args) {
        CommandLine commandLine = new CommandLine(command);
        LabsOptions options = commandLine.getMixins().values().stream()
                .filter(LabsOptions.class::isInstance).map(LabsOptions.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException(command.getClass() + " has no LabsOptions mixin"));
        options.attach(context);
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setParameterExceptionHandler((problem, arguments) -> {
            options.console().error(problem.getMessage() + suggestion(problem) + " (see --help)");
            return LabsException.USAGE;
        });
        commandLine.setExecutionExceptionHandler((failure, cli, parsed) -> {
            LabsException explained = options.explain(failure);
            options.console().error(explained.getMessage());
            options.console().summary("**labs " + cli.getCommandName() + " failed:** " + explained.getMessage());
            if (options.debug) options.console().trace(failure);
            return explained.exitCode;
        });
        try {
            return commandLine.execute(args);
        } finally {
            options.close();
        }
    }

    private static String suggestion(CommandLine.ParameterException problem) {
        if (problem instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return "; did you mean " + unmatched.getSuggestions().get(0) + "?";
        }
        return "";
    }
}
