package dev.loopcore.internal;

import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A virtual thread's {@link LoopContext} keeps no message cache (issue 17.1): posting and calling from
 * one takes messages from the shared queue and leaves nothing behind when it ends; a platform thread
 * keeps its cache. White-box: reads the context's fields on the thread itself.
 */
class VirtualThreadContextTest {

    private static Thread startVirtual(Runnable r) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        ThreadFactory f = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        Thread t = f.newThread(r);
        t.start();
        return t;
    }

    @Test
    void aVirtualThreadPostsAndCallsWithoutAMessageCacheOfItsOwn() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        MessageLoop loop = MessageLoop.start("vt-context");
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<String> seen = new CompletableFuture<>();
        try {
            Thread t = startVirtual(() -> {
                try {
                    LoopContext ctx = LoopContext.current();
                    for (int i = 0; i < 1_000; i++) loop.post(ran::incrementAndGet);
                    int v = loop.call(() -> 5).await(Duration.ofSeconds(30));
                    loop.close();
                    boolean rejected = !loop.post(ran::incrementAndGet); // a dropped message goes back too
                    seen.complete(ctx.virtual + " " + (ctx.free == null) + " " + ctx.freeCount + " " + v + " " + rejected);
                } catch (Throwable e) {
                    seen.completeExceptionally(e);
                }
            });
            assertEquals("true true 0 5 true", seen.get(30, TimeUnit.SECONDS));
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(loop.awaitTermination(Duration.ofSeconds(30)));
            assertEquals(1_000, ran.get());
        } finally {
            loop.close();
        }
    }

    @Test
    void aPlatformThreadKeepsItsCache() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        MessageLoop loop = MessageLoop.start("pt-context");
        try {
            Thread t = new Thread(() -> {
                LoopContext ctx = LoopContext.current();
                loop.post(() -> { });
                seen.complete(ctx.virtual + " " + (ctx.free != null));
            });
            t.start();
            assertEquals("false true", seen.get(30, TimeUnit.SECONDS));
            t.join(TimeUnit.SECONDS.toMillis(30));
        } finally {
            loop.close();
            assertTrue(loop.awaitTermination(Duration.ofSeconds(30)));
        }
    }
}
