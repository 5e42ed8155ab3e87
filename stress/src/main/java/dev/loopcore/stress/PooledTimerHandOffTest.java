package dev.loopcore.stress;

import dev.loopcore.LoopPool;
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
 * Issue 12 point 9: a pooled loop with a re-arming delayed task, handed between the threads of a
 * 2-thread pool by posts from two actors. Only the thread that owns the loop may touch its timers; a
 * thread that reads them after giving the loop up can die (NullPointerException in the timer heap).
 * r1 = pool threads that died so far, r2 = 1 if the loop still runs a call.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the pool's threads are alive and run the loop")
@Outcome(expect = FORBIDDEN, desc = "a pool thread died, or the loop stopped running")
@State
public class PooledTimerHandOffTest {
    static final String NAME = "stress-rearm";
    static final AtomicInteger DIED = new AtomicInteger();
    static final LoopPool POOL;
    static final MessageLoop LOOP;

    static {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (t.getName().startsWith(NAME)) DIED.incrementAndGet();
            if (previous != null) previous.uncaughtException(t, e);
        });
        POOL = LoopPool.create(NAME, 2);
        LOOP = POOL.newLoop(NAME + "-loop");
        LOOP.post(PooledTimerHandOffTest::rearm);
    }

    private static void rearm() {
        LOOP.postDelayed(PooledTimerHandOffTest::rearm, Duration.ZERO);
    }

    private static void noop() {
    }

    @Actor
    public void first() {
        LOOP.post(PooledTimerHandOffTest::noop);
    }

    @Actor
    public void second() {
        LOOP.post(PooledTimerHandOffTest::noop);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = DIED.get();
        try {
            r.r2 = LOOP.call(() -> 1).await(Loops.BOUND);
        } catch (RuntimeException e) {
            r.r2 = 0;
        }
    }
}
