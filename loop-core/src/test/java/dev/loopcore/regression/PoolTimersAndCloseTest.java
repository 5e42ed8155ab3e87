package dev.loopcore.regression;

import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 point 9, contracts 1 and 3: only the thread that owns a pooled loop touches its consumer
 * state, so pool threads survive re-arming delayed tasks under load; and {@code LoopPool.close()} ends
 * every thread of the pool, helpers included, without anyone calling {@code awaitTermination}.
 */
class PoolTimersAndCloseTest extends CompositionSupport {

    private static List<Thread> liveThreadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .collect(Collectors.toList());
    }

    /**
     * Loops of a 2-thread pool re-arm zero-delay tasks while producers keep scheduling them, so a loop is
     * handed to another pool thread the moment one gives it up. Every pool thread must stay alive and
     * every loop keep running its tasks.
     */
    @Test
    void poolThreadsSurviveRearmingDelayedTasksUnderLoad() throws Exception {
        String name = "rearm-" + System.nanoTime();
        List<Throwable> died = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (t.getName().startsWith(name)) died.add(e);
            else if (previous != null) previous.uncaughtException(t, e);
        });
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] producers = new Thread[4];
        try {
            LoopPool pool = pool(name, 2);
            int loopCount = 8;
            MessageLoop[] loops = new MessageLoop[loopCount];
            AtomicLong[] timerRuns = new AtomicLong[loopCount];
            for (int i = 0; i < loopCount; i++) {
                loops[i] = pool.newLoop(name + "-loop-" + i);
                timerRuns[i] = new AtomicLong();
                MessageLoop l = loops[i];
                AtomicLong runs = timerRuns[i];
                for (int k = 0; k < 4; k++) l.post(() -> rearm(l, runs, stop));
            }
            for (int p = 0; p < producers.length; p++) {
                producers[p] = new Thread(() -> {
                    // Sparse posts: a loop's mailbox is mostly empty when its thread gives it up (so that
                    // thread looks at the timers), and a post then hands the loop to the other thread.
                    while (!stop.get()) {
                        for (MessageLoop l : loops) {
                            l.post(() -> { });
                            for (int s = 0; s < 20; s++) Thread.onSpinWait();
                        }
                    }
                }, name + "-producer-" + p);
                producers[p].setDaemon(true);
                producers[p].start();
            }
            long end = System.nanoTime() + SHORT.toNanos();
            while (died.isEmpty() && System.nanoTime() - end < 0) Thread.onSpinWait();
            stop.set(true);
            for (Thread t : producers) t.join(BOUND.toMillis());

            assertEquals(List.of(), died, "pool threads died");
            // With its threads alive the pool still runs every loop's tasks.
            CountDownLatch allRan = new CountDownLatch(loopCount);
            for (MessageLoop l : loops) l.post(allRan::countDown);
            assertTrue(awaitQuietly(allRan, SHORT), "loops left without a pool thread: " + allRan.getCount());
            for (int i = 0; i < loopCount; i++) assertTrue(timerRuns[i].get() > 0, "loop " + i + " ran no delayed task");
        } finally {
            stop.set(true);
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static void rearm(MessageLoop loop, AtomicLong runs, AtomicBoolean stop) {
        runs.incrementAndGet();
        if (!stop.get()) loop.postDelayed(() -> rearm(loop, runs, stop), Duration.ZERO);
    }

    /** close() alone ends the pool's threads, including the helper thread that wakes loops for timers. */
    @Test
    void closeEndsEveryPoolThreadIncludingTheTimerHelperWithoutAwaitTermination() throws Exception {
        String name = "closing-" + System.nanoTime();
        LoopPool pool = LoopPool.create(name, 2);
        try {
            MessageLoop l = pool.newLoop("with-timer");
            CountDownLatch timerRan = new CountDownLatch(1);
            l.postDelayed(timerRan::countDown, Duration.ofMillis(1));
            l.postDelayed(() -> { }, Duration.ofHours(1));
            await(timerRan);

            pool.close();
            long deadline = System.nanoTime() + SHORT.toNanos();
            while (!liveThreadsNamed(name).isEmpty() && System.nanoTime() - deadline < 0) {
                letTimePass(Duration.ofMillis(5));
            }
            assertEquals(List.of(), liveThreadsNamed(name).stream().map(Thread::getName).collect(Collectors.toList()),
                    "threads of the closed pool still running");
        } finally {
            pool.close();
            pool.awaitTermination(BOUND); // ends today's lingering timer thread
        }
    }
}
