import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine;

/** Runs a picocli command with labs' error handling and exit codes. */
final class Labs {
    private Labs() {
    }

    static void exit(Object command, String... args) {
        OptionalInt recorded = AotCache.recordIfDue();
        System.exit(recorded.isPresent() ? recorded.getAsInt() : run(command, RunContext.system(), args));
    }

    static int run(Object command, RunContext context, String... args) {
        CommandLine commandLine = new CommandLine(command).registerConverter(AppService.class, AppService::parse);
        LabsOptions options = commandLine.getMixins().values().stream()
                .filter(LabsOptions.class::isInstance).map(LabsOptions.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException(command.getClass() + " has no LabsOptions mixin"));
        options.attach(context);
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setParameterExceptionHandler((problem, arguments) -> {
            options.console().error(message(problem) + suggestion(problem) + " (see --help)");
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
            int exitCode = commandLine.execute(args);
            // a workflow tells a refusal (2) from a failure (1) by it, in jbang-action's container too
            options.console().stepOutput("exit-code", String.valueOf(exitCode));
            return exitCode;
        } finally {
            options.close();
        }
    }

    /** An option that takes one of a few names says which, in words ("--services takes web and/or worker, not 'x'"). */
    private static String message(CommandLine.ParameterException problem) {
        if (problem.getCause() instanceof CommandLine.TypeConversionException
                && problem.getArgSpec() instanceof CommandLine.Model.OptionSpec option
                && option.completionCandidates() != null) {
            List<String> names = new ArrayList<>();
            option.completionCandidates().forEach(names::add);
            return option.longestName() + " takes " + String.join(option.isMultiValue() ? " and/or " : " or ", names)
                    + ", not '" + problem.getValue() + "'";
        }
        return problem.getMessage();
    }

    private static String suggestion(CommandLine.ParameterException problem) {
        if (problem instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return "; did you mean " + unmatched.getSuggestions().get(0) + "?";
        }
        return "";
    }
}
