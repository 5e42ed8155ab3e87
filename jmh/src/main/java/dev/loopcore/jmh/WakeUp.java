package dev.loopcore.jmh;

import dev.loopcore.jmh.peers.CountingTask;
import dev.loopcore.jmh.peers.Peer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Family 4: round trip after the consumer has gone idle (2 ms without work, so parking peers have
 * parked), as percentiles. The idle pause is in an invocation-level setup, outside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WakeUp {
    @Param({"loopcore", "jctools-park", "disruptor-blocking", "agrona-backoff", "netty-nio", "jdk-executor", "pekko"})
    public String peer;

    Peer target;
    final CountingTask task = new CountingTask();
    long posted;

    @Setup(Level.Trial)
    public void start() {
        target = Peer.create(peer);
    }

    @TearDown(Level.Trial)
    public void stop() {
        target.close();
    }

    @Setup(Level.Invocation)
    public void goIdle() {
        LockSupport.parkNanos(2_000_000L);
    }

    @Benchmark
    public void wakeUpRoundTrip() {
        target.post(task);
        task.awaitCount(++posted);
    }
}
