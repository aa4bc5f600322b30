import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every alias still runs by URL, as a workflow in another repository runs it: {@code deploy@OWNER/REPO/REF}
 * reads the catalog from GitHub and then runs scripts/deploy.java, and every file it pulls in, by URL.
 * The checkout is served read-only over loopback HTTP, and real JBang runs each script's --help from there.
 * JBang resolves //SOURCES relative to the URL of the file that names them, and only warns when one of
 * them is a glob or a folder (which it cannot list over HTTP): so the scripts must name each file.
 *
 * <p>Each alias is served under a path of its own, {@code /ALIAS/scripts/NAME.java} (like the REF in a
 * raw GitHub URL), so that the request log tells which files each run fetched. The expected files are
 * derived from the //SOURCES lines, followed recursively, so any layout of scripts/lib is covered.
 * JBang runs with --offline (dependencies come from the local Maven repository, never the internet;
 * loopback URLs are still fetched) and with a JBANG_DIR of its own that trusts only this server.
 */
class ScriptsByUrlTest {
    private static final Pattern SOURCES = Pattern.compile("^//SOURCES\\s+(.+)$", Pattern.MULTILINE);

    private static HttpServer server;
    private static Path jbangDir;
    private static ExecutorService runs;
    /** Requests per first path segment (the alias), as "200 /scripts/lib/Labs.java" or "404 /...". */
    private static final Map<String, Set<String>> requests = new ConcurrentHashMap<>();

    @BeforeAll
    static void serveTheCheckoutAndTrustIt() throws Exception {
        Path root = RealJBang.REPO.toRealPath();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> serve(root, exchange));
        server.start();
        jbangDir = Files.createTempDirectory("labs-jbang-by-url");
        RealJBang.Result trusted = jbang("trust", "add", baseUrl());
        assertEquals(0, trusted.exitCode(), trusted::toString);
        runs = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() throws IOException {
        if (runs != null) runs.shutdownNow();
        if (server != null) server.stop(0);
        if (jbangDir != null) {
            try (Stream<Path> files = Files.walk(jbangDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyAliasShowsItsHelpWhenRunByUrl() throws Exception {
        Map<String, String> scripts = scriptRefs();
        // Two at a time: a first compile takes several seconds, and the runs only meet at the server.
        Map<String, Future<RealJBang.Result>> results = new LinkedHashMap<>();
        for (var script : scripts.entrySet()) {
            String url = baseUrl() + script.getKey() + "/" + script.getValue();
            results.put(script.getKey(), runs.submit(() -> jbang("--offline", "--fresh", url, "--help")));
        }
        return scripts.entrySet().stream().map(script -> DynamicTest.dynamicTest(
                script.getKey() + " by URL --help", () -> {
                    String alias = script.getKey();
                    RealJBang.Result result = results.get(alias).get(6, TimeUnit.MINUTES);
                    assertEquals(0, result.exitCode(), result::toString);
                    assertTrue(result.out().startsWith("Usage: " + alias), result::toString);
                    // e.g. "[jbang] [WARN] Pattern lib/*.java used while using URL to run; this could result in errors."
                    assertFalse(result.err().contains("[WARN]"), result::toString);

                    Set<String> requested = requests.getOrDefault(alias, Set.of());
                    Set<String> expected = new TreeSet<>();
                    for (String path : sourcesOf(script.getValue())) expected.add("200 /" + path);
                    assertTrue(requested.containsAll(expected), () -> "not fetched by URL: "
                            + minus(expected, requested) + "\nrequested: " + requested);
                    assertTrue(requested.stream().allMatch(r -> r.startsWith("200 ")),
                            () -> "requests that failed: " + requested);
                }));
    }

    /** Alias to script-ref, from the catalog, in the catalog's order. */
    private static Map<String, String> scriptRefs() throws IOException {
        String catalog = Files.readString(RealJBang.REPO.resolve("jbang-catalog.json"));
        Map<String, String> refs = new LinkedHashMap<>();
        for (String alias : RealJBang.aliases()) {
            Matcher ref = Pattern.compile("\"" + Pattern.quote(alias) + "\"\\s*:\\s*\\{\\s*\"script-ref\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(catalog);
            if (!ref.find()) fail("no script-ref for alias " + alias);
            refs.put(alias, ref.group(1));
        }
        assertFalse(refs.isEmpty(), "no aliases in jbang-catalog.json");
        return refs;
    }

    /**
     * The script and every file its //SOURCES name, followed recursively, each resolved relative to the
     * file that names it; as paths relative to the checkout, with forward slashes.
     */
    static Set<String> sourcesOf(String scriptRef) throws IOException {
        Path root = RealJBang.REPO;
        Set<String> seen = new TreeSet<>();
        Deque<Path> pending = new ArrayDeque<>(List.of(root.resolve(scriptRef).normalize()));
        while (!pending.isEmpty()) {
            Path file = pending.pop();
            String relative = root.relativize(file).toString().replace('\\', '/');
            if (!seen.add(relative)) continue;
            assertTrue(file.startsWith(root) && Files.isRegularFile(file), () -> relative + " is not a file of the checkout");
            Matcher line = SOURCES.matcher(Files.readString(file));
            while (line.find()) {
                for (String entry : line.group(1).trim().split("\\s+")) {
                    // JBang only warns on these when run by URL, and then leaves the files out.
                    if (entry.contains("*") || entry.contains("?") || entry.endsWith("/") || Files.isDirectory(file.resolveSibling(entry))) {
                        fail(relative + ": //SOURCES " + entry + " is a glob or a folder, which JBang cannot fetch by URL: name each file");
                    }
                    if (entry.contains("://")) fail(relative + ": //SOURCES " + entry + " is not a file of the checkout");
                    pending.push(file.resolveSibling(entry).normalize());
                }
            }
        }
        return seen;
    }

    /** GET or HEAD of a regular file of the checkout under /ANY-LABEL/PATH; 404 for anything else; no listings. */
    private static void serve(Path root, HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String[] split = path.replaceFirst("^/", "").split("/", 2);
            String label = split[0];
            String relative = split.length > 1 ? split[1] : "";
            if (!method.equals("GET") && !method.equals("HEAD")) {
                requests.computeIfAbsent(label, l -> ConcurrentHashMap.newKeySet()).add("405 /" + relative);
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Path file = file(root, relative);
            if (file == null) {
                requests.computeIfAbsent(label, l -> ConcurrentHashMap.newKeySet()).add("404 /" + relative);
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            requests.computeIfAbsent(label, l -> ConcurrentHashMap.newKeySet()).add("200 /" + relative);
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The regular file at that path inside the checkout, or null: no hidden parts (.git, ..), no escape by link. */
    private static Path file(Path root, String relative) {
        if (relative.isEmpty()) return null;
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.startsWith(".")) return null;
        }
        try {
            Path file = root.resolve(relative).toRealPath();
            return file.startsWith(root) && Files.isRegularFile(file) ? file : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static RealJBang.Result jbang(String... args) throws IOException, InterruptedException {
        // A working directory outside the checkout: its jbang-catalog.json plays no part.
        return RealJBang.run(Map.of("JBANG_DIR", jbangDir.toString()), jbangDir, args);
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
