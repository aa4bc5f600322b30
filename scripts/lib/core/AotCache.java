import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The script's start-up cache, kept in the file that JBang's {@code //CDS} names beside the script's cached
 * jar: JBang passes {@code -XX:ArchiveClassesAtExit=FILE} while the file is missing and
 * {@code -XX:SharedArchiveFile=FILE} once it exists, and never rewrites it, whichever JDK runs the script.
 *
 * <p>On JDK 25+ an AOT cache (JEP 483/514) starts the script faster than JBang's dynamic archive, and a
 * JVM maps an AOT cache given as {@code -XX:SharedArchiveFile}. JBang 0.132.1 cannot choose JVM options
 * per run, so the script does it: a JDK 25+ run that finds JBang's archive not made for it (the stamp
 * beside the file names the JVM, options, classpath and file that a recording made) re-runs itself once
 * as a recording run, the same command line with {@code -XX:AOTCacheOutput} in place of JBang's option,
 * then moves the cache into the file. A JDK 17-24 run keeps JBang's archive, unless the stamp says a
 * recording for another JVM replaced it: then it records a dynamic archive the same way. The first run
 * after a build is left to JBang (its JVM writes the file when it exits, over anything put there
 * earlier), and so are --help and --version runs, which load too little to be worth a cache.
 *
 * <p>Never a failure: without /proc/self/cmdline (not Linux), with a folder it cannot write, or when the
 * recording run cannot start or leaves no cache, the command runs as it would without. The recording run
 * is the command itself, with the terminal, environment and credentials of this run, so it does not go
 * through {@link ProcessRunner}.
 */
final class AotCache {
    static final int AOT_CACHE_JDK = 25;
    static final String STAMP_SUFFIX = ".stamp";
    private static final String USE = "-XX:SharedArchiveFile=";
    private static final String CREATE = "-XX:ArchiveClassesAtExit=";
    private static final String AOT_OUTPUT = "-XX:AOTCacheOutput=";
    private static final List<String> MANAGED_ELSEWHERE = List.of("-XX:AOTCache=", AOT_OUTPUT, "-XX:AOTMode=",
            "-XX:AOTConfiguration=", "-XX:+AutoCreateSharedArchive");
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p",
            "--module-path", "--add-modules", "--add-opens", "--add-exports", "--add-reads", "--limit-modules",
            "--upgrade-module-path", "--patch-module");
    /** What JDK 25 prints while it makes a cache (the cache-making JVM also echoes the whole classpath). */
    private static final List<String> RECORDING_CHATTER = List.of("Picked up JAVA_TOOL_OPTIONS:",
            "Temporary AOTConfiguration recorded:", "Launching child process ", "Reading AOTConfiguration ",
            "AOTCache creation is complete:", "Removed temporary AOT configuration file ");
    private static final Set<String> SHORT_RUNS = Set.of("-h", "--help", "-V", "--version");

    private AotCache() {
    }

    /** A run of {@code command} that writes its cache to {@code output}, to be moved to {@code archive}. */
    record Recording(List<String> command, Path output, Path archive) {
    }

    /** Runs the recording run when one is due and returns its exit code; empty when this run is to go on. */
    static OptionalInt recordIfDue() {
        try {
            Path cmdline = Path.of("/proc/self/cmdline");
            if (!Files.isReadable(cmdline)) return OptionalInt.empty();
            List<String> command = split(Files.readAllBytes(cmdline));
            int feature = Runtime.version().feature();
            Optional<Path> archive = archive(command);
            if (archive.isEmpty()) return OptionalInt.empty();
            Path folder = archive.get().toAbsolutePath().getParent();
            if (folder == null || !Files.isWritable(folder)) return OptionalInt.empty();
            Optional<String> stamp = read(stampOf(archive.get()));
            Supplier<String> current = () -> identity(command, System.getProperty("java.vm.version"),
                    System.getProperty("java.home"), AotCache::fileState);
            Optional<Recording> recording = plan(feature, command, stamp, current, ProcessHandle.current().pid());
            return recording.isPresent() ? record(recording.get(), command) : OptionalInt.empty();
        } catch (IOException | RuntimeException unreadable) {
            return OptionalInt.empty();
        }
    }

    /**
     * Whether this run records a cache, and how: {@code command} is the JVM's own command line (java, its
     * options, the main class, the arguments), {@code stamp} what the stamp beside JBang's archive says,
     * {@code current} what it would say of a cache made by this JVM for the archive as it is now.
     */
    static Optional<Recording> plan(int feature, List<String> command, Optional<String> stamp,
            Supplier<String> current, long pid) {
        int main = mainClassIndex(command);
        List<String> options = command.subList(1, main);
        if (options.stream().anyMatch(o -> MANAGED_ELSEWHERE.stream().anyMatch(o::startsWith))) return Optional.empty();
        if (command.subList(main, command.size()).stream().anyMatch(SHORT_RUNS::contains)) return Optional.empty();
        int slot = command.subList(0, main).stream().filter(o -> o.startsWith(USE)).findFirst()
                .map(command::indexOf).orElse(-1);
        if (slot < 0) return Optional.empty();
        boolean due = feature >= AOT_CACHE_JDK
                ? stamp.isEmpty() || !stamp.get().equals(current.get())
                : stamp.isPresent() && !stamp.get().equals(current.get());
        if (!due) return Optional.empty();
        Path archive = Path.of(command.get(slot).substring(USE.length()));
        Path output = archive.resolveSibling(archive.getFileName() + "." + pid + ".tmp");
        List<String> recording = new ArrayList<>(command.subList(0, slot));
        if (feature >= AOT_CACHE_JDK) {
            // The JVM prints its cache-making progress on stdout unless told otherwise; stdout is the result's.
            recording.addAll(List.of(AOT_OUTPUT + output, "-XX:+DisplayVMOutputToStderr", "-Xlog:aot=off:stderr"));
        } else {
            recording.add(CREATE + output);
        }
        recording.addAll(command.subList(slot + 1, command.size()));
        return Optional.of(new Recording(List.copyOf(recording), output, archive));
    }

    /**
     * What a stamp says: the JVM, its options other than JBang's archive option, each classpath entry's size
     * and time, and the archive file's, so that a new JDK, a rebuilt jar or a rewritten archive is noticed.
     */
    static String identity(List<String> command, String vmVersion, String javaHome, Function<Path, String> fileState) {
        StringBuilder identity = new StringBuilder("jvm ").append(vmVersion).append(' ').append(javaHome).append('\n');
        int main = mainClassIndex(command);
        for (int i = 1; i < main; i++) {
            String option = command.get(i);
            if (option.startsWith(USE)) {
                identity.append("archive ").append(fileState.apply(Path.of(option.substring(USE.length())))).append('\n');
            } else {
                identity.append("option ").append(option).append('\n');
            }
            if (Set.of("-cp", "-classpath", "--class-path").contains(option) && i + 1 < main) {
                for (String entry : command.get(i + 1).split(java.io.File.pathSeparator)) {
                    identity.append("classpath ").append(entry).append(' ').append(fileState.apply(Path.of(entry))).append('\n');
                }
            }
        }
        return identity.toString();
    }

    static Path stampOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + STAMP_SUFFIX);
    }

    /** The file of JBang's -XX:SharedArchiveFile option, the one a recording may replace. */
    static Optional<Path> archive(List<String> command) {
        int main = mainClassIndex(command);
        for (int i = 1; i < main; i++) {
            if (command.get(i).startsWith(USE)) return Optional.of(Path.of(command.get(i).substring(USE.length())));
        }
        return Optional.empty();
    }

    /** The index of the main class (or of -jar's jar) in a java command line; its size when there is none. */
    static int mainClassIndex(List<String> command) {
        for (int i = 1; i < command.size(); i++) {
            String argument = command.get(i);
            if (OPTIONS_WITH_VALUE.contains(argument)) {
                i++;
            } else if (argument.equals("-jar") || !argument.startsWith("-")) {
                return argument.equals("-jar") ? Math.min(i + 1, command.size()) : i;
            }
        }
        return command.size();
    }

    /** The recording run's exit code, or empty when it could not start (this run then goes on). */
    private static OptionalInt record(Recording recording, List<String> command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(recording.command()).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException cannotStart) {
            return OptionalInt.empty();
        }
        Thread diagnostics = new Thread(() -> copyWithoutRecordingChatter(process.getErrorStream()), "recording stderr");
        diagnostics.start();
        int exitCode = waitFor(process);
        join(diagnostics);
        Path config = recording.output().resolveSibling(recording.output().getFileName() + ".config");
        try {
            if (Files.isRegularFile(recording.output()) && Files.size(recording.output()) > 0) {
                move(recording.output(), recording.archive());
                Path stamp = stampOf(recording.archive());
                Path stampOutput = stamp.resolveSibling(stamp.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                Files.writeString(stampOutput, identity(command, System.getProperty("java.vm.version"),
                        System.getProperty("java.home"), AotCache::fileState), StandardCharsets.UTF_8);
                move(stampOutput, stamp);
            }
        } catch (IOException notKept) {
            // The command has run; without the cache the next run records again.
        } finally {
            Files.deleteIfExists(recording.output());
            Files.deleteIfExists(config);
        }
        return OptionalInt.of(exitCode);
    }

    /** The command's own stderr, less the lines the JVM prints about the cache it makes. */
    private static void copyWithoutRecordingChatter(InputStream stderr) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (RECORDING_CHATTER.stream().noneMatch(line::startsWith)) System.err.println(line);
            }
        } catch (IOException closed) {
            // The recording run has gone; nothing more to copy.
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static int waitFor(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException interrupted) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notAtomic) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String fileState(Path file) {
        try {
            return Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException missing) {
            return "missing";
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException missing) {
            return Optional.empty();
        }
    }

    private static List<String> split(byte[] cmdline) {
        List<String> arguments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                arguments.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < cmdline.length) arguments.add(new String(cmdline, start, cmdline.length - start, StandardCharsets.UTF_8));
        return arguments;
    }
}
