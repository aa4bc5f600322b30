import java.util.List;

/** The security group's rules: what labs requires, and what must never be open to the internet. */
final class SecurityRules {
    private SecurityRules() {
    }

    static List<Observed.Ingress> required(String groupId, int webPort) {
        return List.of(new Observed.Ingress(webPort, webPort, "0.0.0.0/0"),
                new Observed.Ingress(StackSpec.POSTGRES_PORT, StackSpec.POSTGRES_PORT, groupId),
                new Observed.Ingress(StackSpec.REDIS_PORT, StackSpec.REDIS_PORT, groupId));
    }

    static List<Observed.Ingress> missing(Observed.SecurityGroup group, int webPort) {
        return required(group.id(), webPort).stream()
                .filter(r -> group.ingress().stream().noneMatch(i -> i.source().equals(r.source()) && i.covers(r.fromPort())))
                .toList();
    }

    static List<Observed.Ingress> openToInternet(Observed.SecurityGroup group) {
        return group.ingress().stream().filter(Observed.Ingress::fromInternet)
                .filter(i -> i.covers(StackSpec.POSTGRES_PORT) || i.covers(StackSpec.REDIS_PORT))
                .toList();
    }
}
