package dev.loopcore.internal;

/**
 * The debug-check switch (contract 13): on with {@code -Ddev.loopcore.checks=true} or {@code -ea}.
 * A {@code static final} read once, so with checks off the JIT folds every guarded check away.
 */
public final class Checks {
    public static final boolean ENABLED = Boolean.getBoolean("dev.loopcore.checks") || assertionsOn();

    private Checks() {
    }

    @SuppressWarnings({"AssertWithSideEffects", "ConstantConditions", "UnusedAssignment"})
    private static boolean assertionsOn() {
        boolean on = false;
        assert on = true;
        return on;
    }
}
