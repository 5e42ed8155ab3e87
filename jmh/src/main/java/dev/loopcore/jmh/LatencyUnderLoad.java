package dev.loopcore.jmh;

import dev.loopcore.jmh.latency.LatencyProfiler;
import dev.loopcore.jmh.latency.OpenLoopSender;
import dev.loopcore.jmh.peers.Peer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/**
 * Family 7: latency under load, open loop. One producer (the JMH thread) sends messages to the peer's
 * consumer at a fixed rate; each message's latency runs from the time it was <em>due</em> to be sent to
 * the moment its task starts on the consumer. Results: p50 / p99 / p99.9 / max in µs, from one histogram
 * merged over all measurement iterations (see {@link LatencyProfiler}, which must be attached:
 * {@code -prof dev.loopcore.jmh.latency.LatencyProfiler}; without it, each iteration prints its figures).
 *
 * <p>Why open loop: a closed-loop benchmark (send, wait for the reply, send again) stops sending while the
 * consumer stalls, so a 10 ms stall costs one slow sample instead of the 10,000 late messages it would
 * cost at 1 M/s: the stall is hidden ("coordinated omission"). Here the schedule does not wait: messages
 * due during a stall are sent late (at once, back to back) and each is measured from its own due time.
 * See {@link OpenLoopSender} for the schedule, the preallocated ring (0 B/op) and overruns.
 *
 * <p>The primary score is the rate actually sent (ops/s): below {@code rate}, the producer could not
 * keep the schedule (its {@code post} is slower than the period, or it waited on overruns); the
 * latencies are then dominated by that backlog, and {@code sendLag} shows it.
 *
 * <p>Threading: {@link #send} and the iteration set-up and tear-down run on the one JMH benchmark thread
 * (the producer); the consumer is the peer's thread. The tear-down drains (every message sent has run,
 * acquire) and then publishes the records to the profiler, which reads them after the iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class LatencyUnderLoad {
    @Param({"10000", "100000", "1000000"})
    public long rate;

    @Param({"loopcore", "jctools-park", "disruptor-blocking", "agrona-backoff", "netty-nio", "jdk-executor", "pekko",
            "loopcore-spin", "jctools-spin"})
    public String peer;

    Peer target;
    OpenLoopSender sender;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) {
        // one producer: the sender's schedule, ring and send-lag histogram are the benchmark thread's own
        if (params.getThreads() != 1) throw new IllegalArgumentException("LatencyUnderLoad runs with one thread (-t 1)");
        target = Peer.create(peer);
        sender = new OpenLoopSender(rate);
    }

    @TearDown(Level.Trial)
    public void stop() {
        target.close();
    }

    @Setup(Level.Iteration)
    public void beginIteration() {
        sender.beginIteration();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        sender.drain();
        if (LatencyProfiler.attached()) {
            LatencyProfiler.publish(sender);
        } else {
            System.out.println(sender.summary()); // allocates, in the GC profiler's window: attach LatencyProfiler
        }
    }

    @Benchmark
    public void send() {
        sender.sendNext(target);
    }
}
