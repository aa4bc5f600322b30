/**
 * A service deployment labs started and watches, and the revision to return to if its tasks
 * crash-loop (null: none); asleep: the service sleeps at 0 tasks, and wake starts the revision.
 */
record Target(String service, String deploymentId, String taskDefinitionArn, String rollbackTo, boolean asleep) {
}
