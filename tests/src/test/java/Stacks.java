import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.rds.RdsClient;

/** The hand-built stack with the default names, in fakes: one running web and one worker task. */
final class Stacks {
    static final String WEB_IP = "54.12.34.56";
    static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/labs-jj-commcare-connect:abc1234";

    final FakeEcs ecs = new FakeEcs();
    final FakeEc2 ec2 = new FakeEc2();
    final FakeRds rds = new FakeRds();
    final FakeElastiCache elastiCache = new FakeElastiCache();
    TaskDefinition web;
    TaskDefinition worker;

    static Stacks running() {
        Stacks stack = new Stacks();
        stack.ecs.cluster("labs-jj-cluster");
        stack.web = stack.ecs.registerTaskDefinition("labs-jj-web", IMAGE);
        stack.worker = stack.ecs.registerTaskDefinition("labs-jj-worker", IMAGE);
        stack.ecs.service("labs-jj-cluster", "labs-jj-web", stack.web, 1, 1);
        stack.ecs.service("labs-jj-cluster", "labs-jj-worker", stack.worker, 1, 1);
        stack.ecs.task("labs-jj-cluster", "labs-jj-web", stack.web, "RUNNING", "eni-web1");
        stack.ecs.task("labs-jj-cluster", "labs-jj-worker", stack.worker, "RUNNING", "eni-worker1");
        stack.ec2.networkInterface("eni-web1", WEB_IP).networkInterface("eni-worker1", "54.9.9.9");
        stack.rds.instance("labs-jj-postgres", "available");
        stack.elastiCache.cacheCluster("labs-jj-redis", "available");
        return stack;
    }

    Cli cli() {
        return new Cli().with(EcsClient.class, ecs).with(Ec2Client.class, ec2).with(RdsClient.class, rds)
                .with(ElastiCacheClient.class, elastiCache);
    }
}
