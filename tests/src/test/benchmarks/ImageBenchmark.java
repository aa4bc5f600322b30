import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Prints cold and warm build+push figures against a loopback registry: wall time and bytes
 * uploaded. Cold: empty caches and an empty repository. Warm: after a one-file change, which should
 * upload only the application source layer, the config and the manifest. Run with
 * tests/benchmark-image.sh; not part of the test suite.
 */
final class ImageBenchmark {
    private ImageBenchmark() {
    }

    public static void main(String... args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (LoopbackRegistry registry = LoopbackRegistry.start()) {
            String base = SampleApp.pushBaseImage(registry);
            SampleApp sample = SampleApp.create();
            try {
                sample.addHeavyDependency(megabytes);
                Run cold = run(sample, registry, base);
                sample.write("sample/views.py", "def index(request):\n    return 'changed'\n");
                sample.commit("one-file change");
                Run warm = run(sample, registry, base);
                OciRegistry.Manifest manifest = registry.manifest(DeployImageTest.REPOSITORY, sample.git("rev-parse", "--short", "HEAD"));
                long sourceLayer = manifest.layers().get(manifest.layers().size() - 1).bytes();
                long ceiling = sourceLayer + manifest.config().bytes() + 2 * manifest.bytes();
                System.out.printf("image: %s in all, of which %d MB of dependency modules (plus their byte code) and 200 app pages%n",
                        ImageProgress.bytes(manifest.totalBytes()), megabytes);
                System.out.printf("cold build+push: %6.1f s, %12d bytes uploaded (%s)%n", cold.seconds, cold.uploaded, ImageProgress.bytes(cold.uploaded));
                System.out.printf("warm build+push: %6.1f s, %12d bytes uploaded (%s) after a one-file change%n", warm.seconds, warm.uploaded, ImageProgress.bytes(warm.uploaded));
                System.out.printf("warm upload ceiling (source layer %d + config %d + manifest %d x 2 tags): %d bytes: %s%n",
                        sourceLayer, manifest.config().bytes(), manifest.bytes(), ceiling, warm.uploaded <= ceiling ? "within" : "EXCEEDED");
            } finally {
                sample.delete();
            }
        }
    }

    record Run(double seconds, long uploaded) {
    }

    private static Run run(SampleApp sample, LoopbackRegistry registry, String base) {
        long start = System.nanoTime();
        Cli.Result result = sample.cli(registry, base).run(new Deploy(), "--build-only", "--json");
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.exitCode() != 0) throw new IllegalStateException("deploy failed: " + result);
        JsonNode json = OciRegistry.parse(result.out().getBytes(StandardCharsets.UTF_8));
        return new Run(seconds, json.path("uploadedBytes").asLong());
    }
}
