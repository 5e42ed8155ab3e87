package dev.loopcore.observability;

import dev.loopcore.AbstractRefCounted;
import dev.loopcore.DeadlockException;
import dev.loopcore.MessageLoop;
import dev.loopcore.Reply;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 17: every dev.loopcore JFR event is seen in a RecordingStream, with its "loop" field. */
class JfrEventsTest extends ObservabilitySupport {
    private static final Duration THRESHOLD = Duration.ofMillis(100);
    private RecordingStream stream;
    private final List<RecordedEvent> seen = new CopyOnWriteArrayList<>();

    /** Streams {@code event}, counting down when one names {@code loop}; started before it returns. */
    private CountDownLatch streamFor(String event, String loop, Duration threshold) throws InterruptedException {
        return streamFor(event, List.of(loop), threshold);
    }

    /** Streams {@code event}, counting down when one names one of {@code loops}. */
    private CountDownLatch streamFor(String event, List<String> loops, Duration threshold) throws InterruptedException {
        stream = new RecordingStream();
        if (threshold == null) stream.enable(event);
        else stream.enable(event).withThreshold(threshold);
        CountDownLatch latch = new CountDownLatch(1);
        stream.onEvent(event, e -> {
            if (loops.contains(e.getString("loop"))) {
                seen.add(e);
                latch.countDown();
            }
        });
        CountDownLatch started = new CountDownLatch(1);
        stream.onFlush(started::countDown);
        stream.startAsync();
        await(started, "the recording stream to start");
        return latch;
    }

    @AfterEach
    void closeStream() {
        if (stream != null) stream.close();
    }

    @Test
    void aStallIsRecordedAsAStallEventWithTheLoopsStack() throws Exception {
        CountDownLatch recorded = streamFor("dev.loopcore.Stall", "jfr-stall", null);
        MessageLoop loop = track(MessageLoop.builder("jfr-stall").daemon(true).stallThreshold(THRESHOLD).start());
        loop.post(new SleepingTask(THRESHOLD.multipliedBy(6), new CountDownLatch(1)));
        await(recorded, "a dev.loopcore.Stall event");
        RecordedEvent e = seen.get(0);
        assertTrue(e.getString("stack").contains("java.lang.Thread.sleep"), e.toString());
        assertTrue(e.getString("task").contains("SleepingTask"), e.toString());
        assertTrue(e.getLong("runningFor") >= THRESHOLD.toNanos(), e.toString());
    }

    @Test
    void congestionIsRecordedAsACongestionEvent() throws Exception {
        CountDownLatch recorded = streamFor("dev.loopcore.Congestion", "jfr-congested", null);
        MessageLoop loop = track(MessageLoop.builder("jfr-congested").daemon(true).congestionThreshold(THRESHOLD).start());
        int n = 1_000;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            loop.post(() -> {
                work(1_000_000L);
                done.countDown();
            });
        }
        await(recorded, "a dev.loopcore.Congestion event");
        await(done, "the flood");
        assertTrue(seen.get(0).getLong("pending") > 0);
    }

    @Test
    void aDetectedDeadlockIsRecordedAsADeadlockEventNamingTheCycle() throws Exception {
        CountDownLatch recorded = streamFor("dev.loopcore.Deadlock", List.of("jfr-A", "jfr-B"), null);
        MessageLoop a = track(MessageLoop.builder("jfr-A").daemon(true).start());
        MessageLoop b = track(MessageLoop.builder("jfr-B").daemon(true).start());
        CountDownLatch bothStarted = new CountDownLatch(2);
        Reply<Throwable> ra = waitOn(a, b, bothStarted);
        Reply<Throwable> rb = waitOn(b, a, bothStarted);
        Throwable ea = ra.await(BOUND);
        Throwable eb = rb.await(BOUND);
        assertTrue(ea != null ^ eb != null, "exactly one wait throws: " + ea + " / " + eb);
        await(recorded, "a dev.loopcore.Deadlock event");
        RecordedEvent e = seen.get(0);
        String thrower = ea != null ? "jfr-A" : "jfr-B";
        String other = ea != null ? "jfr-B" : "jfr-A";
        assertEquals(thrower, e.getString("loop"));
        assertEquals(thrower + " -> " + other + " -> " + thrower, e.getString("cycle"));
        assertEquals(1, (ea != null ? a : b).stats().deadlocks());
    }

    /** A task of {@code from} that, once both loops run one, awaits a call to {@code to}. */
    private static Reply<Throwable> waitOn(MessageLoop from, MessageLoop to, CountDownLatch bothStarted) {
        return from.call(() -> {
            bothStarted.countDown();
            awaitQuietly(bothStarted);
            try {
                to.call(() -> 0).await(BOUND);
                return null;
            } catch (DeadlockException e) {
                return e;
            }
        });
    }

    @Test
    void aLeakIsRecordedAsALeakEventNamingTheLoopItWentTo() throws Exception {
        CountDownLatch recorded = streamFor("dev.loopcore.Leak", "jfr-leaky", null);
        MessageLoop loop = track(MessageLoop.builder("jfr-leaky").daemon(true).start());
        leakOne(loop);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!recorded.await(50, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            System.gc();
            loop.call(() -> 0).await(BOUND);
        }
        assertEquals(0, recorded.getCount(), "no dev.loopcore.Leak event");
        assertTrue(seen.get(0).getString("type").contains("Leaky"), seen.get(0).toString());
    }

    @Test
    void theTaskEventIsRecordedForAWatchedLoopOnceARecordingEnablesIt() throws Exception {
        CountDownLatch recorded = streamFor("dev.loopcore.Task", "jfr-tasks", Duration.ZERO);
        MessageLoop loop = track(MessageLoop.builder("jfr-tasks").daemon(true).stallThreshold(THRESHOLD).start());
        // The watchdog notices the enabled event within a period: keep posting until one is recorded.
        long deadline = System.nanoTime() + BOUND.toNanos();
        do {
            loop.post(new NamedTask());
        } while (!recorded.await(20, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
        assertEquals(0, recorded.getCount(), "no dev.loopcore.Task event");
        assertTrue(seen.get(0).getString("task").contains("NamedTask"), seen.get(0).toString());
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            assertTrue(l.await(BOUND.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static final class NamedTask implements Runnable {
        @Override
        public void run() {
            work(100_000L);
        }
    }

    static final class Leaky extends AbstractRefCounted {
        @Override
        protected void deallocate() {
        }
    }

    private static void leakOne(MessageLoop loop) {
        Leaky c = new Leaky(); // leak sampling is 1 in tests (see the pom): every instance is tracked
        c.retain();            // one reference too many: the loop releases one, one is leaked
        loop.post(x -> { }, c);
    }
}
