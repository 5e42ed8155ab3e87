package dev.loopcore.stress;

import dev.loopcore.Cancellable;
import dev.loopcore.MessageLoop;
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
 * Contract 3 (issue 12 point 5): no delayed task starts after {@code close()} was called — here a
 * repeating task that is due all the time and a zero-delay task posted from another thread, racing a
 * close. A run's start (the loop's decision to run it) is not observable from its body, so the test
 * counts runs after {@code close()} returned: at most one, the run already started when close() was
 * called (the loop is serial); more means a delayed task started after close.
 * r1 = runs counted after close() returned, r2 = 1 if the loop terminated within the bound.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "nothing ran after close; the loop terminated")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the run in flight when close() was called finished after it")
@Outcome(expect = FORBIDDEN, desc = "a delayed task started after close(), or the loop never terminated")
@State
public class DelayedVersusCloseTest {
    final MessageLoop loop = Loops.POOL.newLoop("dvc");
    final AtomicInteger runs = new AtomicInteger();
    final Cancellable repeating = loop.postRepeating(runs::incrementAndGet, Duration.ZERO, Duration.ofNanos(1));
    int atClose;

    @Actor
    public void postZeroDelay() {
        loop.postDelayed(runs::incrementAndGet, Duration.ZERO);
    }

    @Actor
    public void close() {
        loop.close();
        atClose = runs.get();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            r.r2 = loop.awaitTermination(Loops.BOUND) ? 1 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            repeating.cancel(); // a loop that kept running its timer after close can end now
        }
        r.r1 = runs.get() - atClose;
    }
}
