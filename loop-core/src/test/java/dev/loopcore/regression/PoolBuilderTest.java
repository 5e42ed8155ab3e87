package dev.loopcore.regression;

import dev.loopcore.IdleStrategy;
import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 point 12: pools are configured through {@code LoopPool.builder(name)} (threads, uncaught
 * handler, idle strategy, thread factory) and loops get {@code LoopBuilder.threadFactory}. Every thread
 * a loop or pool starts comes from the factory, as the factory made it: not renamed.
 */
class PoolBuilderTest extends CompositionSupport {

    /** Records every thread it makes; names them itself so a rename shows. */
    static final class RecordingFactory implements ThreadFactory {
        final Set<Thread> made = ConcurrentHashMap.newKeySet();
        final AtomicInteger n = new AtomicInteger();
        final String prefix;

        RecordingFactory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + n.getAndIncrement());
            t.setDaemon(true);
            made.add(t);
            return t;
        }
    }

    @Test
    void everyThreadOfABuiltPoolComesFromItsFactoryUnrenamed() throws Exception {
        RecordingFactory factory = new RecordingFactory("factory-made-");
        LoopPool pool = LoopPool.builder("built").threads(2).threadFactory(factory).build();
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        try {
            CountDownLatch done = new CountDownLatch(200 + 1);
            for (int i = 0; i < 4; i++) {
                MessageLoop l = pool.newLoop("l" + i);
                for (int k = 0; k < 50; k++) l.post(() -> { ranOn.add(Thread.currentThread()); done.countDown(); });
            }
            // A delayed task: a pool that needs a helper thread for timers must take it from the factory too.
            pool.newLoop("timed").postDelayed(() -> { ranOn.add(Thread.currentThread()); done.countDown(); }, Duration.ofMillis(1));
            await(done);
        } finally {
            pool.close();
            assertTrue(pool.awaitTermination(BOUND));
        }
        assertTrue(factory.made.containsAll(ranOn), "tasks ran on threads the factory did not make: " + ranOn);
        for (Thread t : factory.made) assertTrue(t.getName().startsWith("factory-made-"), "renamed: " + t.getName());
        assertTrue(factory.made.size() >= 2, "threads made: " + factory.made);
    }

    @Test
    void aBuiltPoolEndsAllItsFactoryThreadsOnClose() throws Exception {
        RecordingFactory factory = new RecordingFactory("closing-made-");
        LoopPool pool = LoopPool.builder("closing").threads(2).threadFactory(factory).build();
        MessageLoop l = pool.newLoop("timed");
        CountDownLatch ran = new CountDownLatch(1);
        l.postDelayed(ran::countDown, Duration.ofMillis(1));
        await(ran);
        pool.close();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (factory.made.stream().anyMatch(Thread::isAlive) && System.nanoTime() - deadline < 0) {
            letTimePass(Duration.ofMillis(5));
        }
        assertTrue(factory.made.stream().noneMatch(Thread::isAlive), "still alive: " + factory.made);
    }

    @Test
    void aPooledLoopsFailingTaskGoesToThePoolsUncaughtHandler() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        CountDownLatch got = new CountDownLatch(1);
        LoopPool pool = LoopPool.builder("handled").threads(1)
                .uncaughtHandler((loop, t) -> { handled.add(loop.name() + ": " + t.getMessage()); got.countDown(); })
                .build();
        try {
            MessageLoop l = pool.newLoop("failing");
            l.post(() -> { throw new IllegalStateException("boom"); });
            await(got);
            assertEquals(List.of("failing: boom"), handled);
            assertEquals(1, l.call(() -> 7).await(BOUND) - 6, "the loop keeps running after the failure");
        } finally {
            pool.close();
            assertTrue(pool.awaitTermination(BOUND));
        }
    }

    @Test
    void aBuiltPoolTakesAnIdleStrategyAndRunsItsLoops() throws Exception {
        LoopPool pool = LoopPool.builder("spinning").threads(2).idleStrategy(IdleStrategy.backoff(10, 0)).build();
        try {
            MessageLoop l = pool.newLoop("l");
            assertEquals("on l", l.call(() -> "on " + MessageLoop.current().name()).await(BOUND));
        } finally {
            pool.close();
            assertTrue(pool.awaitTermination(BOUND));
        }
    }

    @Test
    void poolBuilderRejectsBadInputNamingTheArgument() {
        assertThrows(NullPointerException.class, () -> LoopPool.builder(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoopPool.builder("p").threads(0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
        assertThrows(NullPointerException.class, () -> LoopPool.builder("p").threadFactory(null));
        assertThrows(NullPointerException.class, () -> LoopPool.builder("p").uncaughtHandler(null));
        assertThrows(NullPointerException.class, () -> LoopPool.builder("p").idleStrategy(null));
    }

    @Test
    void aLoopStartedWithAThreadFactoryRunsOnTheThreadItMadeUnrenamed() throws Exception {
        RecordingFactory factory = new RecordingFactory("loop-made-");
        MessageLoop loop = track(MessageLoop.builder("factory-loop").threadFactory(factory).start());
        Thread ranOn = loop.call(Thread::currentThread).await(BOUND);
        assertEquals(Set.of(ranOn), factory.made);
        assertEquals("loop-made-0", ranOn.getName());
        assertSame(ranOn, factory.made.iterator().next());
        assertThrows(NullPointerException.class, () -> MessageLoop.builder("x").threadFactory(null));
    }
}
