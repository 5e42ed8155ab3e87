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
 * repeating task that is due all the time and a zero-delay task posted just before close, racing a
 * close from another thread. A run that finds its loop closed when it starts started after close().
 * r1 = runs that started after close, r2 = 1 if the loop terminated within the bound.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "nothing started after close; the loop terminated")
@Outcome(expect = FORBIDDEN, desc = "a delayed task started after close(), or the loop never terminated")
@State
public class DelayedVersusCloseTest {
    final MessageLoop loop = Loops.POOL.newLoop("dvc");
    final AtomicInteger startedAfterClose = new AtomicInteger();
    final Cancellable repeating = loop.postRepeating(this::check, Duration.ZERO, Duration.ofNanos(1));

    private void check() {
        if (loop.isClosed()) startedAfterClose.incrementAndGet();
    }

    @Actor
    public void postThenClose() {
        loop.postDelayed(this::check, Duration.ZERO);
        loop.close();
    }

    @Actor
    public void close() {
        loop.close();
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
        r.r1 = startedAfterClose.get();
    }
}
