import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A failure injected at every AWS call of sleep, and of wake, in every way a call can fail
 * (rejected, connection lost before or after AWS acted, the process dying before or after). After
 * each, running the same command again finishes: asleep with the counts the services had, or awake
 * with them back.
 */
class SleepWakeFaultsTest {

    @Test
    void theCleanRunsMakeTheCallsTheFaultTestsCover() {
        List<String> sleep = calls(SleepingStack::new, SleepingStack::sleep);
        for (String expected : List.of("ecs:TagResource", "ecs:UpdateService", "rds:StopDBInstance", "iam:CreateRole",
                "iam:PutRolePolicy", "scheduler:CreateSchedule")) {
            assertTrue(sleep.contains(expected), expected + " missing from " + sleep);
        }
        assertTrue(sleep.indexOf("ecs:TagResource") < sleep.indexOf("ecs:UpdateService"), "the count is remembered first: " + sleep);
        List<String> wake = calls(SleepWakeFaultsTest::asleep, SleepingStack::wake);
        for (String expected : List.of("scheduler:DeleteSchedule", "rds:StartDBInstance", "ecs:UpdateService", "ecs:UntagResource")) {
            assertTrue(wake.contains(expected), expected + " missing from " + wake);
        }
        assertTrue(wake.indexOf("scheduler:DeleteSchedule") < wake.indexOf("rds:StartDBInstance"), wake::toString);
        assertTrue(wake.indexOf("ecs:UpdateService") < wake.indexOf("ecs:UntagResource"), "the count is used before it goes: " + wake);
    }

    @TestFactory
    Stream<DynamicTest> sleepFinishesWhenRunAgainAfterAFailureAnywhere() {
        return everyFailure(SleepingStack::new, SleepingStack::sleep, stack -> stack.assertAsleep(1, 1));
    }

    @TestFactory
    Stream<DynamicTest> wakeFinishesWhenRunAgainAfterAFailureAnywhere() {
        return everyFailure(SleepWakeFaultsTest::asleep, SleepingStack::wake, stack -> stack.assertAwake(1, 1));
    }

    private static SleepingStack asleep() {
        SleepingStack stack = new SleepingStack();
        Cli.Result sleep = stack.sleep();
        assertEquals(0, sleep.exitCode(), sleep::toString);
        stack.faults.calls.clear();
        return stack;
    }

    private static List<String> calls(java.util.function.Supplier<SleepingStack> start, Function<SleepingStack, Cli.Result> command) {
        SleepingStack stack = start.get();
        Cli.Result result = command.apply(stack);
        assertEquals(0, result.exitCode(), result::toString);
        return List.copyOf(stack.faults.calls);
    }

    private static Stream<DynamicTest> everyFailure(java.util.function.Supplier<SleepingStack> start,
            Function<SleepingStack, Cli.Result> command, Consumer<SleepingStack> finished) {
        List<String> calls = calls(start, command);
        List<DynamicTest> tests = new ArrayList<>();
        for (int index = 0; index < calls.size(); index++) {
            for (Faults.Mode mode : Faults.Mode.values()) {
                int at = index;
                tests.add(DynamicTest.dynamicTest("call " + at + " " + calls.get(at) + " " + mode, () -> {
                    SleepingStack stack = start.get();
                    stack.faults.failAt(at, mode);
                    try {
                        Cli.Result first = command.apply(stack);
                        if (first.exitCode() != 0) {
                            assertTrue(first.err().lines().filter(l -> l.startsWith("error: ")).count() == 1, first::toString);
                        }
                    } catch (Faults.Crash crash) {
                        // the process died: no clean-up, no message
                    }
                    stack.faults.failAt(-1, null);
                    Cli.Result rerun = command.apply(stack);
                    assertEquals(0, rerun.exitCode(), rerun::toString);
                    finished.accept(stack);
                }));
            }
        }
        return tests.stream();
    }
}
