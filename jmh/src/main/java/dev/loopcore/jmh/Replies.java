package dev.loopcore.jmh;

import dev.loopcore.DrivenLoop;
import dev.loopcore.MessageLoop;
import dev.loopcore.jmh.peers.CountingTask;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Family 5: replies. {@code callThenBetweenLoops}: a loop calls loop B and the reply's callback runs
 * back on the calling loop — the calling loop is a {@link DrivenLoop} run by the benchmark thread
 * itself, so two threads take part, not three on two cores. {@code callAwaitFromPlainThread}: a plain
 * thread calls a loop and parks in {@code await()} until the reply.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Replies {
    private static final Supplier<Integer> ANSWER = () -> 42;

    DrivenLoop a;
    MessageLoop b;
    final CountingTask done = new CountingTask();
    long expected;
    Consumer<Integer> onValue;
    Consumer<Throwable> onError;
    Runnable start;

    @Setup(Level.Trial)
    public void begin() {
        a = MessageLoop.driven("reply-a");
        b = MessageLoop.builder("reply-b").daemon(true).start();
        onValue = v -> done.run();
        onError = e -> { };
        start = () -> b.call(ANSWER).then(onValue, onError);
    }

    @TearDown(Level.Trial)
    public void end() throws InterruptedException {
        a.close();
        a.runPending();
        b.close();
        b.awaitTermination(Duration.ofSeconds(10));
    }

    @Benchmark
    public void callThenBetweenLoops() {
        a.post(start);
        long target = ++expected;
        while (done.count() < target) a.runPending(); // the calling loop, run by this thread
    }

    @Benchmark
    public Integer callAwaitFromPlainThread() {
        return b.call(ANSWER).await();
    }
}
