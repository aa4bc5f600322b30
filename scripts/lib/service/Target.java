/** A service deployment labs started and watches, and the revision to return to if its tasks crash-loop (null: none). */
record Target(String service, String deploymentId, String taskDefinitionArn, String rollbackTo) {
}
