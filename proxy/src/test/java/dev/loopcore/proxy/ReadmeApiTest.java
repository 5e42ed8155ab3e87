package dev.loopcore.proxy;

import dev.loopcore.Cancellable;
import dev.loopcore.Confined;
import dev.loopcore.LoopPool;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * README.md's "rest of the API in a few lines" and "Seeing what a loop does" snippets, as written there
 * ({@link ReadmeSnippetsTest} checks they stay so), with the names they use defined here, and what each
 * line promises checked after it.
 */
class ReadmeApiTest {
    interface Counter {
        void add(int n);

        int total(); // a synchronous interface call: awaits the loop's answer
    }

    static final class CounterImpl implements Counter {
        private int total;

        @Override
        public void add(int n) {
            total += n;
        }

        @Override
        public int total() {
            return total;
        }
    }

    static final class Handler {
        final AtomicInteger bytes = new AtomicInteger();

        void onBytes(byte[] buffer) {
            bytes.addAndGet(buffer.length);
        }
    }

    final AtomicInteger worked = new AtomicInteger();
    final AtomicInteger ticks = new AtomicInteger();
    final Handler handler = new Handler();
    final byte[] buffer = new byte[16];

    void work() {
        worked.incrementAndGet();
    }

    int compute() {
        return 6 * 7;
    }

    void tick() {
        ticks.incrementAndGet();
    }

    @Test
    void theRestOfTheApiInAFewLines() throws Exception {
        MessageLoop loop = MessageLoop.start("io");                       // or MessageLoop.builder("io")...start()
        loop.post(() -> work());                                          // false once closed: never runs
        loop.post(Handler::onBytes, handler, buffer);                     // 0-3 args, no allocation per post
        Reply<Integer> r = loop.call(() -> compute());                    // then(...), await(), toFuture()
        Cancellable c = loop.postDelayed(this::tick, Duration.ofMillis(10));

        try (LoopPool pool = LoopPool.create("actors", 2)) {              // a million loops fit in 256 MiB
            MessageLoop a = pool.newLoop("a"), b = pool.newLoop("b");
            a.call(() -> b.call(() -> 42).await()).await();               // never starves the pool
        }

        Counter counter = Proxy.create(loop, CounterImpl::new).as(Counter.class); // a whole interface
        Confined<Map<String, Long>> cache = Confined.to(loop, new HashMap<>()); // checked with -ea

        try {
            assertEquals(42, r.await(Duration.ofSeconds(10)));
            assertEquals(1, worked.get());
            assertEquals(16, handler.bytes.get());
            counter.add(3);
            counter.add(4);
            assertEquals(7, counter.total());
            assertEquals(0L, loop.call(() -> cache.get().getOrDefault("k", 0L)).await(Duration.ofSeconds(10)));
            assertThrows(Throwable.class, () -> cache.get(), "a Confined is refused off its loop (tests run with -ea)");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ticks.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertEquals(1, ticks.get(), "the delayed tick ran once");
            assertFalse(c.cancel(), "a delayed task that ran can no longer be cancelled");
        } finally {
            loop.close();
            assertTrue(loop.awaitTermination(Duration.ofSeconds(10)));
        }
        assertFalse(loop.post(() -> work()), "false once closed");
        assertEquals(1, worked.get());
    }

    @Test
    void seeingWhatALoopDoes() throws Exception {
        MessageLoop loop = MessageLoop.builder("ui")
                .stallThreshold(Duration.ofMillis(100))        // a task running longer: reported once
                .congestionThreshold(Duration.ofMillis(250))   // the oldest pending message waited longer
                .start();
        LoopPool pool = LoopPool.builder("workers").threads(4)
                .stallThreshold(Duration.ofMillis(100)).build();

        try {
            MessageLoop w = pool.newLoop("w");
            assertEquals(1, w.call(() -> 1).await(Duration.ofSeconds(10)));
            assertEquals(2, loop.call(() -> 2).await(Duration.ofSeconds(10)));
            assertEquals(0, loop.stats().stalls(), "nothing ran long");
            assertEquals(java.util.List.of(w), pool.loops());
        } finally {
            loop.close();
            pool.close();
            assertTrue(loop.awaitTermination(Duration.ofSeconds(10)));
            assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
        }
    }
}
