///usr/bin/env jbang "$0" "$@" ; exit $?
//CDS
//JAVA 17+
//SOURCES lib/core/core.java
//SOURCES lib/service/service.java
//SOURCES lib/data/data.java
//SOURCES lib/secrets/secrets.java

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;

@Command(name = "config", sortOptions = false,
        description = {"The app's environment and secrets: list, set, unset. Each change rolls out.",
                "",
                "Without arguments, lists each service's environment: name, value and where it",
                "comes from (labs default, the app's labs.properties, config set). Secrets show",
                "as (secret) with where they are stored and when they changed, never the value.",
                "",
                "set NAME=VALUE ... sets plain values; set --secret NAME reads one secret's value",
                "from standard input (never from the command line; no echo on a terminal) and",
                "stores it in the secret PREFIX-app-secrets; unset NAME ... removes variables.",
                "A change registers new task-definition revisions and rolls them out like deploy",
                "(--no-restart: the next deploy applies it). Every later deploy keeps it."},
        footer = {"", "Examples:", "  jbang config@labs", "  jbang config@labs set cid_client_id=abc DJANGO_DEBUG=False",
                "  printf %%s \"$TWILIO_TOKEN\" | jbang config@labs set --secret TWILIO_AUTH_TOKEN",
                "  jbang config@labs unset DJANGO_DEBUG --service worker", "  jbang config@labs set FOO=1 --no-restart --dry-run"})
class ConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ACTION [ARGS]", description = "set NAME=VALUE..., set --secret NAME, unset NAME..., or nothing to list.")
    List<String> words = new ArrayList<>();

    @Option(names = "--secret", description = "With set: the variable is a secret; its value comes from standard input.")
    boolean secret;

    @Option(names = "--service", paramLabel = "SERVICE", description = "Change only web or worker (default: both).")
    AppService service;

    @Option(names = "--no-restart", description = "Register the change without rolling it out: the next deploy applies it.")
    boolean noRestart;

    @Option(names = "--dry-run", description = "Print what would change and change nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m",
            description = "How long to wait for the services (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    LabsOptions labs = new LabsOptions();

    public static void main(String... args) {
        Labs.exit(new ConfigCommand(), args);
    }

    /** One variable as `config` lists it. */
    record Entry(String service, String name, String value, boolean secret, String source, String changed) {
    }

    /** What a change does to one service. */
    record Change(String service, String from, String to, List<String> names) {
    }

    @Override
    public Integer call() {
        String action = words.isEmpty() ? "list" : words.get(0);
        List<String> arguments = words.isEmpty() ? List.of() : words.subList(1, words.size());
        List<AppService> services = service == null ? List.of(AppService.values()) : List.of(service);
        Duration patience = Durations.parse(timeout, "--timeout");
        switch (action) {
            case "list" -> {
                if (!arguments.isEmpty() || secret) throw LabsException.usage("config without an action lists; it takes no arguments");
                list(services);
            }
            case "set" -> change(services, secret ? secretToSet(arguments) : valuesToSet(arguments), Set.of(), patience);
            case "unset" -> change(services, Map.of(), namesToUnset(arguments), patience);
            default -> throw LabsException.usage("config takes set, unset or nothing (to list), not '" + action + "'");
        }
        return 0;
    }

    /** A value to set: plain, or (secret) read from standard input. */
    private record NewValue(String value, boolean secret) {
        @Override
        public String toString() {
            return secret ? "(secret)" : value;
        }
    }

    private Map<String, NewValue> valuesToSet(List<String> arguments) {
        if (arguments.isEmpty()) throw LabsException.usage("config set takes NAME=VALUE ... (or --secret NAME)");
        Map<String, NewValue> values = new LinkedHashMap<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (equals < 0) {
                throw LabsException.usage("config set takes NAME=VALUE, got '" + argument
                        + "' (a secret: config set --secret " + argument + ", with the value on standard input)");
            }
            String name = argument.substring(0, equals);
            checkName(name);
            values.put(name, new NewValue(argument.substring(equals + 1), false));
        }
        return values;
    }

    private Map<String, NewValue> secretToSet(List<String> arguments) {
        if (arguments.size() != 1 || arguments.get(0).contains("=")) {
            throw LabsException.usage("config set --secret takes one NAME; the value comes from standard input, never from the command line");
        }
        String name = arguments.get(0);
        checkName(name);
        String value = labs.readSecret("Value of " + name + " (not shown): ");
        if (value == null) throw LabsException.usage("No value for the secret " + name + " on standard input: nothing changed");
        return Map.of(name, new NewValue(value, true));
    }

    private Set<String> namesToUnset(List<String> arguments) {
        if (arguments.isEmpty() || secret) throw LabsException.usage("config unset takes NAME ...");
        arguments.forEach(this::checkName);
        return new LinkedHashSet<>(arguments);
    }

    private void checkName(String name) {
        if (!AppEnvironment.validName(name)) {
            throw LabsException.usage("'" + name + "' is not an environment variable name: letters, digits and _, not starting with a digit");
        }
        if (labsSecrets().containsKey(name)) {
            throw LabsException.usage(name + " is the stack's own secret " + labsSecrets().get(name)
                    + ": jbang rotate-secret@labs changes it");
        }
    }

    /** The secrets provision injects, by variable name. */
    private Map<String, String> labsSecrets() {
        return Map.of("DJANGO_SECRET_KEY", labs.names().djangoSecretKeySecret(), "DATABASE_URL", labs.names().databaseUrlSecret());
    }

    private void list(List<AppService> services) {
        Ecs ecs = new Ecs(labs);
        Rollout rollout = new Rollout(labs, ecs);
        AppSecrets appSecrets = new AppSecrets(labs);
        Map<String, Instant> changedBySecret = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (AppService appService : services) {
            String shortName = appService.id;
            Service ecsService = ecs.service(appService);
            Revision configured = rollout.configured(ecsService);
            ContainerDefinition container = rollout.revisions().appContainer(configured.taskDefinition());
            if (!configured.arn().equals(ecsService.taskDefinition())) {
                labs.console().info(shortName + ": " + configured.name() + " holds changes that the next deploy applies");
            }
            AppEnvironment environment = RevisionEnvironment.read(container);
            environment.values().forEach((name, value) -> entries.add(new Entry(shortName, name, value, false,
                    environment.source(name).label, null)));
            for (Secret secret : container.secrets()) {
                Optional<String> key = RevisionEnvironment.appSecretKey(secret.valueFrom(), appSecrets.name());
                String stored = key.map(k -> appSecrets.name() + " (key " + k + ")").orElse(secretName(secret.valueFrom()));
                String changed = key.map(k -> container.dockerLabels().get(RevisionEnvironment.SECRET_CHANGED_LABEL + k))
                        .orElseGet(() -> Optional.ofNullable(changedBySecret.computeIfAbsent(secretName(secret.valueFrom()),
                                appSecrets::lastChanged)).map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString()).orElse(null));
                entries.add(new Entry(shortName, secret.name(), null, true, key.isPresent() ? "config set --secret, in " + stored
                        : "labs, in " + stored, changed));
            }
        }
        if (labs.json) {
            labs.console().json(entries);
            return;
        }
        int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(4);
        for (Entry entry : entries) {
            labs.console().result(String.format("%-6s  %-" + width + "s  %s  (%s%s)", entry.service(), entry.name(),
                    entry.secret() ? "(secret)" : entry.value(), entry.source(),
                    entry.changed() == null ? "" : ", changed " + entry.changed()));
        }
    }

    /** The secret's name in an ARN (without Secrets Manager's six-character suffix), for display. */
    private static String secretName(String valueFrom) {
        String[] parts = valueFrom.split(":");
        if (parts.length < 7) return valueFrom;
        String withSuffix = parts[6];
        return withSuffix.matches(".*-[A-Za-z0-9]{6}") ? withSuffix.substring(0, withSuffix.length() - 7) : withSuffix;
    }

    /**
     * Registers a revision per service with the change and rolls them out (or, with --no-restart,
     * only records them). A secret is stored first, so that the new tasks find it; a secret unset
     * everywhere is removed from PREFIX-app-secrets once no revision in use refers to it.
     */
    private void change(List<AppService> services, Map<String, NewValue> set, Set<String> unset, Duration patience) {
        Ecs ecs = new Ecs(labs);
        Rollout rollout = new Rollout(labs, ecs);
        Map<AppService, Service> targets = rollout.services(services);
        if (!noRestart) Rollout.refuseIfInProgress(List.copyOf(targets.values()));
        Map<AppService, Revision> bases = new LinkedHashMap<>();
        targets.forEach((name, s) -> bases.put(name, rollout.configured(s)));
        AppSecrets appSecrets = new AppSecrets(labs);
        checkUnsetNamesExist(rollout, bases, unset);

        List<Change> changes = new ArrayList<>();
        bases.forEach((name, base) -> changes.add(new Change(name.id, base.name(), null, changedNames(set, unset))));
        if (dryRun) {
            changes.forEach(c -> labs.console().result(c.service() + ": " + c.from() + " -> a new revision: "
                    + describe(set, unset) + (noRestart ? " (not rolled out)" : "")));
            labs.console().info("Dry run: nothing stored, registered or rolled out");
            return;
        }

        Optional<AppSecrets.Stored> stored = appSecrets.read();
        String secretArn = storeSecrets(appSecrets, stored, set);
        Instant now = labs.ticker().now().truncatedTo(ChronoUnit.SECONDS);
        Map<AppService, Revision> registered = new LinkedHashMap<>();
        bases.forEach((name, base) -> {
            Revision revision = rollout.revisions().registerChanged(base,
                    container -> changed(container, set, unset, secretArn, now, targets.get(name).taskDefinition()));
            labs.console().info("Registered " + revision.name() + " (" + describe(set, unset) + ")");
            registered.put(name, revision);
        });
        if (noRestart) {
            labs.console().info("Not rolled out (--no-restart): the next deploy applies it");
        } else {
            List<Target> rollouts = new ArrayList<>();
            registered.forEach((name, revision) -> rollouts.add(rollout.moveTo(name, targets.get(name), revision)));
            rollout.await(rollouts, patience);
        }
        forgetUnusedSecrets(ecs, rollout, appSecrets, unset);
        report(changes, registered);
    }

    /**
     * Unsetting a name that no target service has is a usage error, found before anything changes;
     * a labs default may be unset before a deploy has added it, so that no deploy does.
     */
    private void checkUnsetNamesExist(Rollout rollout, Map<AppService, Revision> bases, Set<String> unset) {
        for (String name : unset) {
            boolean somewhere = bases.values().stream().map(base -> rollout.revisions().appContainer(base.taskDefinition()))
                    .anyMatch(c -> c.environment().stream().anyMatch(e -> e.name().equals(name))
                            || c.secrets().stream().anyMatch(s -> s.name().equals(name)));
            boolean aDefault = bases.values().stream().anyMatch(base -> AppEnvironment.defaults(RevisionEnvironment.stackValues(labs,
                    rollout.revisions().appContainer(base.taskDefinition()))).containsKey(name));
            if (!somewhere && !aDefault) throw LabsException.usage(name + " is not set in " + bases.keySet().stream().map(s -> s.id).collect(Collectors.joining(" or ")) + ": nothing changed");
        }
    }

    private static List<String> changedNames(Map<String, NewValue> set, Set<String> unset) {
        List<String> names = new ArrayList<>(set.keySet());
        names.addAll(unset);
        return names;
    }

    private static String describe(Map<String, NewValue> set, Set<String> unset) {
        List<String> parts = new ArrayList<>();
        set.forEach((name, value) -> parts.add("set " + name + (value.secret() ? " (secret)" : "")));
        unset.forEach(name -> parts.add("unset " + name));
        return String.join(", ", parts);
    }

    /** Stores the new secret values in PREFIX-app-secrets; returns its ARN (null when there is none). */
    private String storeSecrets(AppSecrets appSecrets, Optional<AppSecrets.Stored> stored, Map<String, NewValue> set) {
        Map<String, String> secrets = new LinkedHashMap<>(stored.map(AppSecrets.Stored::values).orElse(Map.of()));
        boolean any = false;
        for (Map.Entry<String, NewValue> entry : set.entrySet()) {
            if (!entry.getValue().secret()) continue;
            secrets.put(entry.getKey(), entry.getValue().value());
            any = true;
        }
        if (!any) return stored.map(AppSecrets.Stored::arn).orElse(null);
        return appSecrets.write(stored, secrets);
    }

    /** The app container with the change: plain values in the environment, secrets by reference, and the record of both. */
    private ContainerDefinition changed(ContainerDefinition container, Map<String, NewValue> set, Set<String> unset,
            String secretArn, Instant now, String liveArn) {
        AppEnvironment environment = RevisionEnvironment.read(container);
        AppEnvironment.StackValues stack = RevisionEnvironment.stackValues(labs, container);
        Set<String> defaultNames = AppEnvironment.defaults(stack).keySet();
        List<Secret> secrets = new ArrayList<>(container.secrets());
        Map<String, String> labels = new LinkedHashMap<>(container.dockerLabels());
        for (Map.Entry<String, NewValue> entry : set.entrySet()) {
            String name = entry.getKey();
            secrets.removeIf(s -> s.name().equals(name));
            labels.remove(RevisionEnvironment.SECRET_CHANGED_LABEL + name);
            if (entry.getValue().secret()) {
                environment = environment.without(name, Set.of());
                secrets.add(Secret.builder().name(name).valueFrom(AppSecrets.valueFrom(secretArn, name)).build());
                labels.put(RevisionEnvironment.SECRET_CHANGED_LABEL + name, now.toString());
            } else {
                environment = environment.with(name, entry.getValue().value());
            }
        }
        for (String name : unset) {
            secrets.removeIf(s -> s.name().equals(name));
            labels.remove(RevisionEnvironment.SECRET_CHANGED_LABEL + name);
            if (environment.values().containsKey(name) && environment.source(name) == AppEnvironment.Source.APP) {
                labs.console().warn(name + " comes from the app's labs.properties: the next deploy sets it again unless it is removed there");
            }
            environment = environment.without(name, defaultNames);
        }
        if (noRestart) labels.put(RevisionEnvironment.PENDING_FROM_LABEL, liveArn);
        else labels.remove(RevisionEnvironment.PENDING_FROM_LABEL);
        ContainerDefinition withSecrets = container.toBuilder().secrets(secrets).dockerLabels(labels).build();
        return RevisionEnvironment.write(withSecrets, environment, stack.redisUrl());
    }

    /** Removes unset keys from PREFIX-app-secrets once neither service's live or configured revision refers to them. */
    private void forgetUnusedSecrets(Ecs ecs, Rollout rollout, AppSecrets appSecrets, Set<String> unset) {
        if (unset.isEmpty()) return;
        Set<String> inUse = new LinkedHashSet<>();
        for (AppService appService : AppService.values()) {
            Service ecsService = ecs.service(appService);
            for (Revision revision : List.of(rollout.live(ecsService), rollout.configured(ecsService))) {
                inUse.addAll(RevisionEnvironment.appSecretKeys(rollout.revisions().appContainer(revision.taskDefinition()),
                        appSecrets.name()));
            }
        }
        Optional<AppSecrets.Stored> stored = appSecrets.read();
        if (stored.isEmpty()) return;
        Map<String, String> kept = new LinkedHashMap<>(stored.get().values());
        boolean removed = kept.keySet().removeIf(key -> unset.contains(key) && !inUse.contains(key));
        if (removed) appSecrets.write(stored, kept);
    }

    private void report(List<Change> changes, Map<AppService, Revision> registered) {
        List<Change> done = changes.stream()
                .map(c -> new Change(c.service(), c.from(), registered.get(AppService.parse(c.service())).name(), c.names())).toList();
        StringBuilder summary = new StringBuilder("### labs config\n");
        done.forEach(c -> summary.append("- ").append(c.service()).append(": ").append(c.to()).append(" (")
                .append(String.join(", ", c.names())).append(")\n"));
        labs.console().summary(summary.toString());
        if (labs.json) {
            labs.console().json(done);
        } else {
            done.forEach(c -> labs.console().result(c.service() + ": " + c.from() + " -> " + c.to()
                    + (noRestart ? " (applied at the next deploy)" : "")));
        }
    }
}
