import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app container's plain environment and where each value comes from, in layers, lowest first:
 * labs defaults for a Django + Celery app, the app's own labs.properties (env.NAME=VALUE, applied
 * by every deploy), and `config set` (kept by every deploy until `config unset`). Pure: the ECS
 * revision only stores it (see RevisionEnvironment).
 *
 * <p>Hosts: a request to the web task's public IP carries that IP as its Host header, and the IP
 * changes on each deploy. `DJANGO_ALLOWED_HOSTS=*` would accept it in any Django app, but also any
 * forged host name, which Django then uses in absolute URLs (password-reset links, say). The
 * default instead allows localhost and 127.0.0.1 (the health check) and, through django-allow-cidr
 * (which CommCare Connect uses, as its own deploy template does), every IP address with
 * `DJANGO_ALLOWED_CIDR_NETS=0.0.0.0/0`: any IP, no forged name. An app without django-allow-cidr
 * sets `DJANGO_ALLOWED_HOSTS` itself (its domain, or `*`); deploy's smoke check says so on a 400.
 */
record AppEnvironment(Map<String, String> values, Map<String, Source> sources, Set<String> unset) {

    /** Where a value comes from, as `config` shows it. */
    enum Source {
        DEFAULT("labs default"),
        APP("the app's labs.properties"),
        SET("config set"),
        /** In the task definition without a record of who put it there (a hand-built revision, say). */
        REVISION("the task definition");

        final String label;

        Source(String label) {
            this.label = label;
        }
    }

    /** Values of the stack that defaults and the app's ${...} placeholders refer to. */
    record StackValues(String redisUrl, int webPort, String prefix, String app, String region) {
        Map<String, String> placeholders() {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("redis.url", redisUrl);
            values.put("web.port", String.valueOf(webPort));
            values.put("prefix", prefix);
            values.put("app", app);
            values.put("region", region);
            return values;
        }
    }

    static final String REDIS_URL = "REDIS_URL";
    static final String CELERY_BROKER_URL = "CELERY_BROKER_URL";
    static final String DJANGO_ALLOWED_HOSTS = "DJANGO_ALLOWED_HOSTS";
    static final String DJANGO_ALLOWED_CIDR_NETS = "DJANGO_ALLOWED_CIDR_NETS";
    static final String ALLOWED_HOSTS = "localhost,127.0.0.1";
    static final String ALLOWED_CIDR_NETS = "0.0.0.0/0";

    /** What a container environment variable may be called: letters, digits and _, not starting with a digit. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    AppEnvironment {
        values = new LinkedHashMap<>(values);
        sources = new LinkedHashMap<>(sources);
        unset = new TreeSet<>(unset);
    }

    static AppEnvironment empty() {
        return new AppEnvironment(Map.of(), Map.of(), Set.of());
    }

    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Labs defaults: cookiecutter-django's names. Celery's broker (and with it the result backend)
     * defaults to redis://localhost in cookiecutter-django's base.py, so it needs the stack's Redis
     * as much as the cache does.
     */
    static Map<String, String> defaults(StackValues stack) {
        Map<String, String> defaults = new LinkedHashMap<>();
        if (stack.redisUrl() != null) {
            defaults.put(REDIS_URL, stack.redisUrl());
            defaults.put(CELERY_BROKER_URL, stack.redisUrl());
        }
        defaults.put(DJANGO_ALLOWED_HOSTS, ALLOWED_HOSTS);
        defaults.put(DJANGO_ALLOWED_CIDR_NETS, ALLOWED_CIDR_NETS);
        return defaults;
    }

    /** A usage error for a ${name} that is not a placeholder, found before anything changes. */
    static void checkPlaceholders(Map<String, String> appEntries, String where) {
        Set<String> known = new StackValues(null, 0, null, null, null).placeholders().keySet();
        appEntries.forEach((name, raw) -> {
            Matcher matcher = PLACEHOLDER.matcher(raw);
            while (matcher.find()) {
                if (!known.contains(matcher.group(1))) {
                    throw LabsException.usage("env." + name + " in " + where + " uses ${" + matcher.group(1)
                            + "}: the placeholders are " + String.join(", ", known.stream().map(k -> "${" + k + "}").toList()));
                }
            }
        });
    }

    /** The app's entries with ${name} placeholders replaced; an unknown or unavailable one is a usage error. */
    static Map<String, String> expand(Map<String, String> appEntries, StackValues stack, String where) {
        checkPlaceholders(appEntries, where);
        Map<String, String> placeholders = stack.placeholders();
        Map<String, String> expanded = new LinkedHashMap<>();
        appEntries.forEach((name, raw) -> {
            Matcher matcher = PLACEHOLDER.matcher(raw);
            StringBuilder value = new StringBuilder();
            while (matcher.find()) {
                String key = matcher.group(1);
                if (placeholders.get(key) == null) {
                    throw LabsException.usage("env." + name + " in " + where + " uses ${" + key
                            + "}, which this stack does not know (run provision" + ("redis.url".equals(key)
                            ? "; a Redis with TLS and AUTH has no plain URL, its URL holds the AUTH token: read REDIS_URL, "
                            + "which labs injects as a secret" : "") + ")");
                }
                matcher.appendReplacement(value, Matcher.quoteReplacement(placeholders.get(key)));
            }
            matcher.appendTail(value);
            expanded.put(name, value.toString());
        });
        return expanded;
    }

    /**
     * This environment brought up to date, as every deploy and provision does: defaults recomputed
     * (except those removed with `config unset`), the app's entries replaced by the current ones
     * (app null: keep the recorded ones, for a run that has no labs.properties), `config set` values
     * and values of unknown origin kept. Precedence: set, then app, then default.
     */
    AppEnvironment refreshed(Map<String, String> defaults, Map<String, String> app) {
        Map<String, String> newValues = new LinkedHashMap<>();
        Map<String, Source> newSources = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            Source source = source(name);
            boolean keep = source == Source.SET || source == Source.REVISION || (source == Source.APP && app == null);
            if (keep) {
                newValues.put(name, value);
                newSources.put(name, source);
            }
        });
        if (app != null) {
            app.forEach((name, value) -> {
                if (newSources.get(name) == Source.SET) return;
                newValues.put(name, value);
                newSources.put(name, Source.APP);
            });
        }
        defaults.forEach((name, value) -> {
            if (unset.contains(name) || newValues.containsKey(name)) return;
            newValues.put(name, value);
            newSources.put(name, Source.DEFAULT);
        });
        return new AppEnvironment(newValues, newSources, unset);
    }

    Source source(String name) {
        return sources.getOrDefault(name, Source.REVISION);
    }

    /** `config set NAME=VALUE`: kept until unset, whatever the layers below say. */
    AppEnvironment with(String name, String value) {
        AppEnvironment changed = new AppEnvironment(values, sources, unset);
        changed.values.put(name, value);
        changed.sources.put(name, Source.SET);
        changed.unset.remove(name);
        return changed;
    }

    /** `config unset NAME`: gone; a default stays gone at later deploys too. */
    AppEnvironment without(String name, Set<String> defaultNames) {
        AppEnvironment changed = new AppEnvironment(values, sources, unset);
        changed.values.remove(name);
        changed.sources.remove(name);
        if (defaultNames.contains(name)) changed.unset.add(name);
        return changed;
    }

    /** The names whose values differ between two environments (added, removed or changed), sorted. */
    static List<String> differences(Map<String, String> a, Map<String, String> b) {
        Set<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        return names.stream().filter(n -> !java.util.Objects.equals(a.get(n), b.get(n))).toList();
    }

    /** Names in the order they were set, for stable output. */
    Set<String> names() {
        return new LinkedHashSet<>(values.keySet());
    }
}
