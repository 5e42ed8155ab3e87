package dev.loopcore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 14: bad input fails on the caller's thread, naming the argument, and queues nothing. */
class BadInputTest extends LoopTestSupport {

    private static void npe(String argument, Executable call) {
        NullPointerException e = assertThrows(NullPointerException.class, call);
        assertEquals(argument, e.getMessage());
    }

    private static void iae(String argument, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(argument), e.getMessage());
    }

    @Test
    void nullsThrowNullPointerExceptionNamingTheArgumentAndQueueNothing() throws Exception {
        MessageLoop loop = loop("input");
        loop.call(() -> 0).await(BOUND);
        long posted = loop.stats().posted();
        npe("task", () -> loop.post((Runnable) null));
        npe("action", () -> loop.post((java.util.function.Consumer<Object>) null, 1));
        npe("action", () -> loop.post((java.util.function.BiConsumer<Object, Object>) null, 1, 2));
        npe("action", () -> loop.post((dev.loopcore.function.TriConsumer<Object, Object, Object>) null, 1, 2, 3));
        npe("task", () -> loop.execute(null));
        npe("fn", () -> loop.call(null));
        npe("task", () -> loop.postDelayed(null, Duration.ZERO));
        npe("delay", () -> loop.postDelayed(() -> { }, null));
        npe("task", () -> loop.postRepeating(null, Duration.ZERO, Duration.ofSeconds(1)));
        npe("initialDelay", () -> loop.postRepeating(() -> { }, null, Duration.ofSeconds(1)));
        npe("period", () -> loop.postRepeating(() -> { }, Duration.ZERO, null));
        npe("timeout", () -> loop.awaitTermination(null));
        npe("name", () -> MessageLoop.start(null));
        npe("name", () -> MessageLoop.builder(null));
        npe("name", () -> MessageLoop.driven(null));
        npe("kind", () -> MessageLoop.builder("x").mailbox(null));
        npe("idleStrategy", () -> MessageLoop.builder("x").idleStrategy(null));
        npe("handler", () -> MessageLoop.builder("x").uncaughtHandler(null));
        Reply<Integer> r = loop.call(() -> 1);
        npe("onValue", () -> r.then(null, e -> { }));
        npe("onError", () -> r.then(v -> { }, null));
        npe("loop", () -> r.then(null, v -> { }, e -> { }));
        npe("timeout", () -> r.await(null));
        r.await(BOUND);
        eventually(() -> loop.stats().posted() == posted + 1, "only the one valid call was queued");
    }

    @Test
    void negativeDelaysNonPositivePeriodsAndCapacitiesBelowOneThrowIllegalArgument() {
        MessageLoop loop = loop("ranges");
        iae("delay", () -> loop.postDelayed(() -> { }, Duration.ofMillis(-1)));
        iae("initialDelay", () -> loop.postRepeating(() -> { }, Duration.ofMillis(-1), Duration.ofMillis(1)));
        iae("period", () -> loop.postRepeating(() -> { }, Duration.ZERO, Duration.ZERO));
        iae("period", () -> loop.postRepeating(() -> { }, Duration.ZERO, Duration.ofMillis(-5)));
        iae("capacity", () -> MessageLoop.builder("x").capacity(0));
        iae("threads", () -> LoopPool.create("p", 0));
    }

    @Test
    void nullArgumentValuesAreDeliveredAsNull() {
        MessageLoop loop = loop("null-values");
        AtomicReference<String> seen = new AtomicReference<>("unset");
        loop.post((a, b, c) -> seen.set(a + "," + b + "," + c), null, "x", null);
        loop.call(() -> 0).await(BOUND);
        assertEquals("null,x,null", seen.get());
    }
}
