package dev.loopcore;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 7: where reply callbacks run, and what they get. */
class RepliesTest extends LoopTestSupport {

    @Test
    void thenRunsOnTheLoopThatMadeTheCall() {
        MessageLoop caller = loop("caller");
        MessageLoop target = loop("target");
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<MessageLoop> ranOn = new AtomicReference<>();
        caller.post(() -> target.call(() -> 5).then(v -> {
            ranOn.set(MessageLoop.current());
            done.countDown();
        }, e -> fail(e)));
        await(done);
        assertSame(caller, ranOn.get());
    }

    @Test
    void thenWithALoopRunsOnThatLoopAndACallerOnNoLoopGetsThemOnTheCompletingThread() {
        MessageLoop target = loop("target");
        MessageLoop third = loop("third");
        CountDownLatch done = new CountDownLatch(2);
        AtomicReference<MessageLoop> named = new AtomicReference<>();
        AtomicReference<MessageLoop> inline = new AtomicReference<>();
        Reply<Integer> r = target.call(() -> 5);
        r.then(third, v -> {
            named.set(MessageLoop.current());
            done.countDown();
        }, e -> fail(e));
        r.then(v -> {
            inline.set(MessageLoop.current());
            done.countDown();
        }, e -> fail(e));
        await(done);
        assertSame(third, named.get());
        assertTrue(inline.get() == target || inline.get() == null, "completing thread, got " + inline.get());
    }

    @Test
    void callbacksForAClosedLoopAreDropped() throws Exception {
        MessageLoop target = loop("target");
        MessageLoop closed = loop("closed");
        closed.close();
        assertTrue(closed.awaitTermination(BOUND));
        AtomicInteger ran = new AtomicInteger();
        Reply<Integer> r = target.call(() -> 1);
        r.then(closed, v -> ran.incrementAndGet(), e -> ran.incrementAndGet());
        assertEquals(1, r.await(BOUND));
        target.call(() -> 0).await(BOUND);
        assertEquals(0, ran.get());
    }

    @Test
    void exactlyOneCallbackRunsAndFailuresAreTheSameExceptionEverywhere() throws Exception {
        MessageLoop target = loop("target");
        MessageLoop caller = loop("caller");
        IllegalArgumentException cause = new IllegalArgumentException("bad");
        Reply<Integer> r = target.call(() -> {
            throw cause;
        });
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger values = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        r.then(caller, v -> values.incrementAndGet(), e -> {
            errors.add(e);
            done.countDown();
        });
        CallFailedException thrown = assertThrows(CallFailedException.class, () -> r.await(BOUND));
        assertSame(cause, thrown.getCause());
        await(done);
        assertEquals(0, values.get());
        assertEquals(1, errors.size());
        assertSame(thrown, errors.get(0));
        CompletableFuture<Integer> f = r.toFuture();
        ExecutionException ee = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        assertSame(thrown, ee.getCause());
    }

    @Test
    void aThrowingOnValueGoesToTheUncaughtHandlerAndNeverToOnError() {
        AtomicReference<Throwable> handled = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        MessageLoop caller = track(MessageLoop.builder("caller").daemon(true).uncaughtHandler((l, t) -> {
            handled.set(t);
            done.countDown();
        }).start());
        MessageLoop target = loop("target");
        AtomicInteger onError = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("in onValue");
        caller.post(() -> target.call(() -> 1).then(v -> {
            throw boom;
        }, e -> onError.incrementAndGet()));
        await(done);
        assertSame(boom, handled.get());
        caller.call(() -> 0).await(BOUND);
        assertEquals(0, onError.get());
    }

    @Test
    void toFutureCompletesWithTheValue() throws Exception {
        MessageLoop target = loop("target");
        assertEquals("v", target.call(() -> "v").toFuture().get(20, TimeUnit.SECONDS));
        assertNull(target.call(() -> null).await(BOUND), "a null value is delivered as null");
    }

    @Test
    void anAwaitThatTimesOutGivesUpForItsCallerOnlyAndTheReplyStillCompletes() {
        MessageLoop target = loop("slow");
        CountDownLatch gate = new CountDownLatch(1);
        Reply<Integer> r = target.call(() -> {
            await(gate);
            return 1;
        });
        assertThrows(ReplyTimeoutException.class, () -> r.await(Duration.ofMillis(20)));
        assertFalse(r.isDone(), "a timeout does not complete the reply");
        gate.countDown();
        assertEquals(1, r.await(BOUND), "a later await gets the outcome that arrived");
        assertEquals(0, target.stats().lateReplies(), "the outcome was not late: nothing discarded");
    }

    @Test
    void toFutureWithAnExecutorRunsDependentStagesThereNotOnTheCalleesThread() throws Exception {
        MessageLoop target = loop("callee");
        MessageLoop caller = loop("caller");
        CompletableFuture<String> where = caller.call(() -> target.call(() -> 7).toFuture(MessageLoop.current())
                .thenApply(v -> MessageLoop.current().name() + ":" + v)).await(BOUND);
        assertEquals("caller:7", where.get(20, TimeUnit.SECONDS));
    }

    @Test
    void toFutureThroughAClosedLoopFailsWithLoopClosed() throws Exception {
        MessageLoop target = loop("callee");
        MessageLoop closed = loop("closed");
        closed.close();
        assertTrue(closed.awaitTermination(BOUND));
        CompletableFuture<Integer> f = target.call(() -> 1).toFuture(closed);
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof RejectedCallException, String.valueOf(e.getCause()));
    }
}
