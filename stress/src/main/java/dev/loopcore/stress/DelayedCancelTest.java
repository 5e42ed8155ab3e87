package dev.loopcore.stress;

import dev.loopcore.Cancellable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Contract 6: a delayed task that is due at once, and {@code cancel()} racing its run: exactly one
 * of "ran, cancel returned false" and "cancel returned true, never runs". r1 = cancel's result,
 * r2 = how many times it ran.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "ran; cancel came too late")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "cancelled; never ran")
@Outcome(expect = FORBIDDEN, desc = "both, or neither")
@State
public class DelayedCancelTest {
    final AtomicInteger runs = new AtomicInteger();
    final Cancellable handle = Loops.UNBOUNDED.postDelayed(runs::incrementAndGet, Duration.ZERO);

    @Actor
    public void cancel(II_Result r) {
        r.r1 = handle.cancel() ? 1 : 0;
    }

    @Arbiter
    public void check(II_Result r) {
        if (r.r1 == 0) Loops.spinUntil(() -> runs.get() > 0);
        // A cancelled task must never run: give a late run the chance to show up.
        Loops.UNBOUNDED.call(() -> 0).await(Loops.BOUND);
        r.r2 = runs.get();
    }
}
