import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the size of a tree's build-context archive and the time to make it (cold: the first run
 * of this JVM; warm: the best of the next runs). Run with tests/bench/context-archive.sh; not part
 * of the test suite.
 */
final class ContextArchiveBenchmark {
    private ContextArchiveBenchmark() {
    }

    public static void main(String... args) throws Exception {
        if (args.length < 1) throw new IllegalArgumentException("usage: ContextArchiveBenchmark TREE [DOCKERFILE] [RUNS]");
        Path tree = Path.of(args[0]).toAbsolutePath().normalize();
        String dockerfile = args.length > 1 ? args[1] : "Dockerfile";
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path out = Files.createTempDirectory("labs-context-bench");
        try {
            long start = System.nanoTime();
            ContextArchive.Archive archive = ContextArchive.write(tree, dockerfile, out.resolve("cold.zip"));
            double cold = (System.nanoTime() - start) / 1e9;
            double best = Double.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                Path file = out.resolve("warm" + i + ".zip");
                long warmStart = System.nanoTime();
                ContextArchive.Archive again = ContextArchive.write(tree, dockerfile, file);
                best = Math.min(best, (System.nanoTime() - warmStart) / 1e9);
                if (!again.sha256().equals(archive.sha256())) throw new IllegalStateException("the same tree gave another archive");
                Files.delete(file);
            }
            long treeBytes;
            try (var files = Files.walk(tree)) {
                treeBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            System.out.printf("tree %s: %s in its files (a .git folder counted, if any)%n", tree, ImageProgress.bytes(treeBytes));
            System.out.printf("context archive: %d entries, %s (%d bytes), sha256 %s%n", archive.entries(),
                    ImageProgress.bytes(archive.bytes()), archive.bytes(), archive.sha256().substring(0, 12));
            System.out.printf("time to make it: cold %.2f s, warm best of %d %.2f s%n", cold, runs, best);
        } finally {
            try (var files = Files.walk(out)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
