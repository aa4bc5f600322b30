/** A rotation as the command runs it: look first and change nothing, then do what the plan says. */
interface Rotation {
    /** Reads AWS and decides; refuses (usage error) what it must not do. Changes nothing. */
    RotationPlan plan();

    /** Runs the plan; a failure says what changed and how to finish. */
    RotationOutcome run();
}
