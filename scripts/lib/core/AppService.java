import java.util.Arrays;

/**
 * The app's ECS services. Each has the short name that commands take (--services web,worker) and
 * that resource names carry (PREFIX-web, /ecs/PREFIX-worker).
 */
enum AppService {
    WEB("web"), WORKER("worker");

    /** The short name, in options and resource names. */
    final String id;

    AppService(String id) {
        this.id = id;
    }

    /** Picocli shows an enum option's values by toString, so help and errors read "web", "worker". */
    @Override
    public String toString() {
        return id;
    }

    /** Parses a short name; picocli turns the exception into a usage error (exit 2, see Labs). */
    static AppService parse(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new picocli.CommandLine.TypeConversionException("not a service of the app: '" + id + "'"));
    }
}
