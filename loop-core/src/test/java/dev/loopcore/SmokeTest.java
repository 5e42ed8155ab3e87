package dev.loopcore;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class SmokeTest {
    @Test
    void postRunsAndCallReplies() throws Exception {
        for (MailboxKind kind : MailboxKind.values()) {
            MessageLoop loop = MessageLoop.builder("smoke-" + kind).mailbox(kind).start();
            CountDownLatch latch = new CountDownLatch(1000);
            AtomicInteger order = new AtomicInteger();
            for (int i = 0; i < 1000; i++) {
                int expected = i;
                assertTrue(loop.post(() -> {
                    assertEquals(expected, order.getAndIncrement());
                    latch.countDown();
                }));
            }
            assertTrue(latch.await(10, TimeUnit.SECONDS));
            assertEquals(42, loop.call(() -> 42).await(Duration.ofSeconds(10)));
            loop.close();
            assertTrue(loop.awaitTermination(Duration.ofSeconds(10)));
            assertFalse(loop.post(() -> { }));
        }
    }

    @Test
    void pooledLoopsRun() throws Exception {
        LoopPool pool = LoopPool.create("p", 2);
        MessageLoop a = pool.newLoop("a");
        MessageLoop b = pool.newLoop("b");
        assertEquals("b", a.call(() -> b.call(() -> MessageLoop.current().name()).await()).await(Duration.ofSeconds(10)));
        pool.close();
        assertTrue(pool.awaitTermination(Duration.ofSeconds(10)));
    }
}
