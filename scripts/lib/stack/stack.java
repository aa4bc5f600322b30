// Bundle of scripts/lib/stack: Provision and teardown of the whole stack: plan, policies, task definitions, IAM (includes the bundles of every resource, the remote builder's too).
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
//DEPS software.amazon.awssdk:iam
//DEPS software.amazon.awssdk:sts
//SOURCES ../service/service.java
//SOURCES ../network/network.java
//SOURCES ../data/data.java
//SOURCES ../secrets/secrets.java
//SOURCES ../registry/registry.java
//SOURCES ../build/build.java
//SOURCES ../cost/cost.java
//SOURCES ../sleep/sleep.java
//SOURCES Action.java
//SOURCES GithubIds.java
//SOURCES Iam.java
//SOURCES Kind.java
//SOURCES Plan.java
//SOURCES Policies.java
//SOURCES ProvisionPlanner.java
//SOURCES RemoteBuilder.java
//SOURCES Schedules.java
//SOURCES SecurityRules.java
//SOURCES SleepResources.java
//SOURCES Stack.java
//SOURCES Step.java
//SOURCES Sts.java
//SOURCES TaskDefinitions.java
