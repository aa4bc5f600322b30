// Bundle of scripts/lib/service: The app's services on ECS and their logs: revisions, rollouts, one-off tasks, diagnosis.
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
//DEPS software.amazon.awssdk:ecs
//DEPS software.amazon.awssdk:cloudwatchlogs
//SOURCES CloudWatchLogs.java
//SOURCES Diagnosis.java
//SOURCES Ecs.java
//SOURCES ImageRef.java
//SOURCES LogLine.java
//SOURCES LogLocation.java
//SOURCES OneOffTask.java
//SOURCES Revision.java
//SOURCES RevisionEnvironment.java
//SOURCES Revisions.java
//SOURCES Rollout.java
//SOURCES SleepTags.java
//SOURCES Target.java
//SOURCES Verdict.java
